// Cairo (PDF surface) and Pango (Chinese text layout) for StudioPrint.
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
