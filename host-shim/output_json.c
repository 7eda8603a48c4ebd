/* JSON output: one compact line per reply. */
#include <stdio.h>
#include <stdlib.h>

#include "output.h"

int output_json(const json_t *reply)
{
    char *line = json_dumps(reply, JSON_COMPACT);
    int rc = line && fputs(line, stdout) >= 0 && fputc('\n', stdout) != EOF ? 0 : -1;
    free(line);
    if (fflush(stdout) != 0)
        rc = -1;
    return rc;
}
