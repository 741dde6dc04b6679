// SPDX-License-Identifier: MIT
// A roll-up's ids: "SITE/rest" names a queue, agent or team of one site among many.
#ifndef CORE_SITE_H
#define CORE_SITE_H

#include "core/event.h"

// core_site_split reads a roll-up's id, "SITE/rest": copies SITE into site and returns rest;
// NULL when id names no site (no slash, an empty site, or one longer than a site may be).
const char *core_site_split(const char *id, char site[CORE_SITE_MAX]);

#endif
