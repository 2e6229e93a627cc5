/* fiscx ingest: placeholder until the command lands. */
#include "cli.h"

int fx_cmd_ingest(int argc, char **argv)
{
    (void)argc; (void)argv;
    fputs("fiscx ingest: not available in this build yet\n", stderr);
    return 2;
}
