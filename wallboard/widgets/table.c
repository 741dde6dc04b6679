// SPDX-License-Identifier: MIT
// The one table of widget kinds: a new kind is a file in this folder and a line here.
#include "wallboard/engine/widget.h"

#include <stdio.h>
#include <string.h>

extern const struct wb_widget_kind wb_widget_header;
extern const struct wb_widget_kind wb_widget_kpi;
extern const struct wb_widget_kind wb_widget_queue_table;
extern const struct wb_widget_kind wb_widget_agent_grid;
extern const struct wb_widget_kind wb_widget_keywords;
extern const struct wb_widget_kind wb_widget_regions;
extern const struct wb_widget_kind wb_widget_word_cloud;
extern const struct wb_widget_kind wb_widget_region_map;

static const struct wb_widget_kind *const kinds[] = {
    &wb_widget_header,   &wb_widget_kpi,     &wb_widget_queue_table, &wb_widget_agent_grid,
    &wb_widget_keywords, &wb_widget_regions, &wb_widget_word_cloud,  &wb_widget_region_map,
};

const struct wb_widget_kind *
wb_widget_kind_find(const char *name)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (strcmp(kinds[i]->name, name) == 0)
            return kinds[i];
    }
    return NULL;
}

void
wb_widget_kind_names(char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", kinds[i]->name);
}
