// SPDX-License-Identifier: MIT
// The "Key: Value" header blocks PBX managers send (Asterisk's AMI, FreeSWITCH's event socket):
// lines ended by a blank line, LF or CRLF.
#ifndef COL_HEADER_BLOCK_H
#define COL_HEADER_BLOCK_H

#include <stddef.h>

// col_header_block_end finds the blank line that ends a block in the len bytes at buf, looking
// from offset from on. Returns the offset just after it, or 0 when it has not come yet.
size_t col_header_block_end(const char *buf, size_t len, size_t from);

#endif
