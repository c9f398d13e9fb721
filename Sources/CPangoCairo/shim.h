// Cairo (PDF surface) and Pango (Chinese text layout) for StudioPrint; fontconfig and harfbuzz's subsetter for the
// smaller copies of the Noto CJK faces the printouts are set in (FontSubsets.swift).
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-subset.h>
