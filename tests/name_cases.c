/* name_cases: the table of name_cases.h. Each refusal names what is
 * wrong: the character as U+XXXX, or the byte that is not UTF-8.
 */
#include "name_cases.h"

#include <errno.h>

#define EMPTY_WHY "a name cannot be empty or only white space"
#define CC_WHY "a name cannot hold the control character "
#define CF_WHY "a name cannot hold the invisible or direction-changing character "

const struct name_case name_cases[] = {
	/* White space trimmed, inner runs one space; Unicode spaces are spaces. */
	{ "  Ana Souza  ", "Ana Souza", 0, NULL },
	{ "Bo    Li", "Bo Li", 0, NULL },
	{ "Cy\xc2\xa0Twombly", "Cy Twombly", 0, NULL },                 /* U+00A0 */
	{ "\xe3\x80\x80\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d\xe3\x80\x80",  /* U+3000 */
	  "\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", 0, NULL },
	{ "Di\xe2\x80\x83 \xe2\x80\x83" "Em", "Di Em", 0, NULL },        /* U+2003 */
	{ "Ed\xe2\x80\xaf" "Fa", "Ed Fa", 0, NULL },                    /* U+202F */
	{ "Fe\xe2\x80\xa8Go", "Fe Go", 0, NULL },                       /* U+2028 */
	/* NFC: a decomposed accent is composed. */
	{ "Jose\xcc\x81", "Jos\xc3\xa9", 0, NULL },
	{ "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d",
	  "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", 0, NULL },
	{ "-Kim", "-Kim", 0, NULL },
	/* Empty once trimmed. */
	{ "", NULL, -EINVAL, EMPTY_WHY },
	{ "   ", NULL, -EINVAL, EMPTY_WHY },
	{ "\xc2\xa0\xe3\x80\x80", NULL, -EINVAL, EMPTY_WHY },
	/* Control characters (Cc), named. */
	{ "Ana\tSouza", NULL, -EINVAL, CC_WHY "U+0009" },
	{ "two\nlines", NULL, -EINVAL, CC_WHY "U+000A" },
	{ "esc\x1b[31mred", NULL, -EINVAL, CC_WHY "U+001B" },
	{ "bell\x07", NULL, -EINVAL, CC_WHY "U+0007" },
	{ "del\x7f", NULL, -EINVAL, CC_WHY "U+007F" },
	{ "nel \xc2\x85", NULL, -EINVAL, CC_WHY "U+0085" },
	{ "csi \xc2\x9b[2J", NULL, -EINVAL, CC_WHY "U+009B" },
	/* Invisible or direction-changing characters (Cf), named. */
	{ "Ana\xe2\x80\x8bSouza", NULL, -EINVAL, CF_WHY "U+200B" },
	{ "\xe2\x80\xae" "azuoS anA", NULL, -EINVAL, CF_WHY "U+202E" },
	{ "Ana \xe2\x81\xa6x\xe2\x81\xa9", NULL, -EINVAL, CF_WHY "U+2066" },
	{ "\xef\xbb\xbf" "Ana", NULL, -EINVAL, CF_WHY "U+FEFF" },
	{ "Ana\xc2\xadSouza", NULL, -EINVAL, CF_WHY "U+00AD" },
	{ "Ana\xe2\x80\x8dSouza", NULL, -EINVAL, CF_WHY "U+200D" },
	/* Drawn as nothing though not Cf (Default_Ignorable_Code_Point). */
	{ "Ana\xe3\x85\xa4", NULL, -EINVAL, CF_WHY "U+3164" },
	{ "Ana\xef\xb8\x8f", NULL, -EINVAL, CF_WHY "U+FE0F" },
	{ "Ana\xcd\x8fSouza", NULL, -EINVAL, CF_WHY "U+034F" },
	/* Invalid UTF-8, said as such, even after a control character. */
	{ "bad \xff byte", NULL, -EINVAL, "a name must be valid UTF-8: byte 5 (0xff) is not" },
	{ "raw \x9b[2J", NULL, -EINVAL, "a name must be valid UTF-8: byte 5 (0x9b) is not" },
	{ "overlong \xc0\xaf", NULL, -EINVAL,
	  "a name must be valid UTF-8: byte 10 (0xc0) is not" },
	{ "surrogate \xed\xa0\x80", NULL, -EINVAL,
	  "a name must be valid UTF-8: byte 11 (0xed) is not" },
	{ "cut \xe6\x9d", NULL, -EINVAL, "a name must be valid UTF-8: byte 5 (0xe6) is not" },
	{ "\x1b\xff", NULL, -EINVAL, "a name must be valid UTF-8: byte 2 (0xff) is not" },
};

const size_t name_case_count = sizeof(name_cases) / sizeof(name_cases[0]);
