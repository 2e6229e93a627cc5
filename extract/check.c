/* check: placeholder until the stage lands (the pipeline runs end to end meanwhile). */
#include "internal.h"

void fx_check(fx_doc *d) { (void)d; }
