#ifndef HOTFIX_CHECK_CLIBXML2_SHIM_H
#define HOTFIX_CHECK_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its ICU headers clash with the ICU copy inside
   Swift's Foundation. Nothing here touches the ICU-only fields of
   xmlCharEncodingHandler (used only through pointers), so leave them out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#endif
