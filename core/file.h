// SPDX-License-Identifier: MIT
// Reading a whole file (layouts, snapshots, checkpoints, configuration) into memory.
#ifndef CORE_FILE_H
#define CORE_FILE_H

#include "core/err.h"

#include <stddef.h>

// core_file_read reads the file at path into a malloc'd buffer with a NUL after its *len bytes
// (free it). Reads in pieces, so pipes and /proc files work too. Returns NULL and fills err
// (source: path) with CORE_E_IO when it cannot be opened or read, CORE_E_TOOLONG when it holds
// more than max bytes, CORE_E_NOMEM.
char *core_file_read(const char *path, size_t max, size_t *len, struct core_err *err);

// core_file_beside writes to out the path of name relative to the folder holding file (a
// layout's include, a map's geometry): name itself when it is absolute or file has no folder.
void core_file_beside(const char *file, const char *name, char *out, size_t size);

// core_file_check_private refuses a file holding a secret (a token, a key, credentials) that
// others may read or anyone but its owner may change: mode bits o+rwx or g+w set. The group may
// read it (640: the service's group, as the package installs the token). 0, or CORE_E_INVALID
// (or CORE_E_IO when it cannot be looked at) with a message naming what, the file and the fix.
int core_file_check_private(const char *path, const char *what, struct core_err *err);

#endif
