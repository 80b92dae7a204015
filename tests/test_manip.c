/* placeholder suite: being written */
#include "nd_test.h"
START_TEST(placeholder) { ck_assert_int_eq(nd_last_error(), ND_OK); }
END_TEST
int main(void) {
    Suite *s = suite_create("manip");
    TCase *tc = tcase_create("manip");
    tcase_add_test(tc, placeholder);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
