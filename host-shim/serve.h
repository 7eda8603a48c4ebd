/* The serve command: JSON Lines over stdin/stdout. */
#ifndef SHIM_SERVE_H
#define SHIM_SERVE_H

#include "session.h"

/* Answer one request per stdin line with one reply line on stdout (flushed),
 * in order, until end of input. Lines over 1 MiB are answered with an error
 * and skipped without being kept. Returns 0 at end of input, 130 after
 * SIGINT, 70 when stdin or stdout fail. `s` is borrowed. */
int serve_run(shim_session *s);

#endif
