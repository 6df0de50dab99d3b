/* paths.h — where cardwiz finds its data: beside the binary in the build tree, else installed. */
#ifndef CW_PATHS_H
#define CW_PATHS_H

#include <stddef.h>

/* The folder holding the running binary ("" when unknown). */
const char *cw_exe_dir(void);
/* The message catalogue folder: build/locale when run from the build tree, else LOCALEDIR. */
const char *cw_locale_dir(void);
/* The default wizard file: wizard/faq.yaml beside the build tree, else DATADIR/faq.yaml. */
const char *cw_default_wizard(void);
/*
 * The site file laid over the default wizard: SYSCONFDIR/cardwiz/site.yaml (/etc/cardwiz/site.yaml
 * for PREFIX=/usr), used where it exists; NULL for the build tree's program.
 */
const char *cw_default_site(void);
/* Does a regular file exist at path? */
int cw_file_exists(const char *path);

#endif
