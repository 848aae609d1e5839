/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * arclib.h - libarchive's functions, loaded when the first archive is read.
 *
 * Linking libarchive makes every run load it and what it links (on
 * Debian: ICU, libxml2, libstdc++, nettle, libacl and five compression
 * libraries, fourteen in all): about 7 ms of start-up per run here, and
 * dearer forks of the workers, whether or not an archive is ever read,
 * which is most runs (a directory root never is).
 * So, when configure found libarchive's soname (LIBARCHIVE_DLOPEN), the
 * program does not link it: arclib_load() dlopen()s it when a root that
 * may be an archive is first looked at, and fills `la` with the functions
 * archive_source.c calls as la.NAME(...).  Built with
 * --disable-libarchive-dlopen, `la` simply points at the linked functions.
 *
 * Parent only; the pointers have libarchive's own prototypes (archive.h).
 */
#ifndef FSTAT_PAR_ARCLIB_H
#define FSTAT_PAR_ARCLIB_H

#include <archive.h>
#include <archive_entry.h>

/* Every libarchive function the program calls. */
#define ARCLIB_FUNCS(X) \
	X(archive_entry_filetype) \
	X(archive_entry_hardlink) \
	X(archive_entry_is_data_encrypted) \
	X(archive_entry_is_metadata_encrypted) \
	X(archive_entry_pathname) \
	X(archive_entry_pathname_utf8) \
	X(archive_entry_size) \
	X(archive_entry_size_is_set) \
	X(archive_errno) \
	X(archive_error_string) \
	X(archive_filter_bytes) \
	X(archive_filter_count) \
	X(archive_filter_name) \
	X(archive_format) \
	X(archive_format_name) \
	X(archive_read_data_block) \
	X(archive_read_free) \
	X(archive_read_new) \
	X(archive_read_next_header) \
	X(archive_read_open1) \
	X(archive_read_set_callback_data) \
	X(archive_read_set_read_callback) \
	X(archive_read_set_seek_callback) \
	X(archive_read_set_skip_callback) \
	X(archive_read_support_filter_bzip2) \
	X(archive_read_support_filter_compress) \
	X(archive_read_support_filter_gzip) \
	X(archive_read_support_filter_lz4) \
	X(archive_read_support_filter_lzma) \
	X(archive_read_support_filter_uu) \
	X(archive_read_support_filter_xz) \
	X(archive_read_support_filter_zstd) \
	X(archive_read_support_format_7zip) \
	X(archive_read_support_format_ar) \
	X(archive_read_support_format_cpio) \
	X(archive_read_support_format_iso9660) \
	X(archive_read_support_format_tar) \
	X(archive_read_support_format_zip) \
	X(archive_set_error)

struct arclib {
#define ARCLIB_MEMBER(name) __typeof__(name) *name;
	ARCLIB_FUNCS(ARCLIB_MEMBER)
#undef ARCLIB_MEMBER
};

/* Valid once arclib_load() has succeeded. */
extern struct arclib la;

/*
 * Make `la` usable: 0, or -1 with *MSG set to why libarchive cannot be
 * loaded (the loader's message, naming the file).  Once it succeeded it
 * does nothing; after a failure it tries again.
 */
int arclib_load(const char **msg);

/* The library arclib_load() loads, by its soname where it has one. */
const char *arclib_name(void);

#endif
