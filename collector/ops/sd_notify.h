// SPDX-License-Identifier: MIT
// systemd's notification protocol (sd_notify(3)), without libsystemd: "READY=1" once the
// collector serves, "WATCHDOG=1" while it is healthy (the unit's WatchdogSec restarts a
// collector whose loop stopped), "STOPPING=1" at exit. Does nothing outside systemd.
#ifndef COL_SD_NOTIFY_H
#define COL_SD_NOTIFY_H

// col_sd_notify sends state to $NOTIFY_SOCKET if set. Returns 1 when sent, 0 when not under
// systemd, -1 on error.
int col_sd_notify(const char *state);

#endif
