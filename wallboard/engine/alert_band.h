// SPDX-License-Identifier: MIT
// Alerts across the top of the screen: the most pressing one large, in the act (vermilion,
// blinking slowly while nobody has acknowledged it) or watch (amber) colour, with the figure,
// the threshold, since when, and how to acknowledge it (a long press); an acknowledged one
// calmer, with who and when. Every alert shown is a touch target.
#ifndef WB_ALERT_BAND_H
#define WB_ALERT_BAND_H

#include "wallboard/engine/widget.h"

// wb_alert_band_draw draws f->view's alerts in band. notice (may be NULL) replaces the hint
// on the right: the answer to an acknowledgement ("refused: invalid token").
void wb_alert_band_draw(const struct wb_frame *f, struct wb_rect band, const char *notice);

// wb_alert_order returns the index of the alert to show first: unacknowledged before
// acknowledged, act before watch, then as published. -1 when there is none.
int wb_alert_first(const struct core_view *v);

#endif
