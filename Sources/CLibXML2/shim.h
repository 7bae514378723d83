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

/* libxml2 prints some errors (encoder failures in xmlParseChunk) through its generic,
   printf-like handler, which Swift cannot define: a silent one here, and a call that
   installs it for the calling thread and as the default for new threads. */
static void hotfix_check_silent_generic_error(void *context, const char *message, ...) {
  (void)context;
  (void)message;
}

static inline void hotfix_check_silence_generic_errors(void) {
  xmlSetGenericErrorFunc(NULL, hotfix_check_silent_generic_error);
  xmlThrDefSetGenericErrorFunc(NULL, hotfix_check_silent_generic_error);
}
#endif
