/* claims: the numbers the prose states about the tables (受理…申请17件,
 * 未收到…申请, 收取…费0元) against the cells they speak of, as the form's
 * `claims:` declare (form.h nb_form_claims). A mismatch is a warning at the
 * number itself: its line and column inside the block scalar. Sentences that
 * name another year than the report's speak of that year and are skipped. */
#ifndef NB_CLAIMS_H
#define NB_CLAIMS_H
#include "data.h"
#include "diag.h"
#include "yamlsrc.h"

/* Reads every text of r (preface, sections, table notes); doc is the data
 * file r was loaded from, for positions. Returns the warnings pushed. */
int nb_claims_check(const nb_report *r, const nb_yaml_doc *doc, nb_diag *d);

/* The value of a run of Chinese numerals (零〇一二两三四五六七八九十百千万亿)
 * at s, its length in bytes in *used (0: none there). 十七 is 17, 一百零五 105. */
unsigned long long nb_chinese_number(const char *s, size_t *used);

#endif
