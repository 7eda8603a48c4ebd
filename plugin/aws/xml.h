/* A small, bounded XML reader for AWS query-protocol responses (model:
 * aws-c-common's minimal XML parser). It turns a document into Jansson values:
 *   - an element with no child elements -> string (its text, entities decoded);
 *   - an element whose children are all <member> -> array of their values;
 *   - otherwise -> object of child name -> value; a repeated name -> array.
 * Attributes, comments, processing instructions and the prolog are skipped.
 * Limits: input size, depth 64, node count; DOCTYPE/entities are refused. */
#ifndef SDH_AWS_XML_H
#define SDH_AWS_XML_H

#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

/* Parse `len` bytes. Returns a new reference to an object {"<root name>": value}
 * or NULL with `err` set (SDH_STATUS_REMOTE_ERROR, code "MalformedResponse"). */
json_t *aws_xml_parse(const char *xml, size_t len, sdh_error *err);

#endif
