/*
 * stowage_label: a security label provider for the test kit's servers, so that SECURITY LABEL
 * statements can be dumped, restored and compared for real (PostgreSQL ships no provider but
 * sepgsql, which needs SELinux). Loaded through shared_preload_libraries; it registers the
 * provider "stowage", which accepts any label on any object except the label 'invalid', so that
 * a test can also see a provider reject one.
 */
#include "postgres.h"

#include "catalog/objectaddress.h"
#include "commands/seclabel.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

void _PG_init(void);

static void
stowage_check_label(const ObjectAddress *object, const char *seclabel)
{
	/* NULL removes the label: always allowed */
	if (seclabel != NULL && strcmp(seclabel, "invalid") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_NAME),
				 errmsg("'%s' is not a valid security label for provider stowage", seclabel)));
}

void
_PG_init(void)
{
	register_label_provider("stowage", stowage_check_label);
}
