#ifndef HOTFIX_CHECK_CLIBXSLT_SHIM_H
#define HOTFIX_CHECK_CLIBXSLT_SHIM_H
#include <libxml/xmlversion.h>
/* As in CLibXML2's shim: Debian's libxml2 is built with ICU, whose headers clash with
   the ICU copy inside Swift's Foundation; nothing here needs the ICU-only fields. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>
#endif
