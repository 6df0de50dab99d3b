/* unit.h — what every Check unit test program shares: its main(). */
#ifndef CW_UNIT_H
#define CW_UNIT_H

#include <check.h>

#define CW_TEST_MAIN(make_suite)                                  \
	int main(void)                                            \
	{                                                         \
		SRunner *sr = srunner_create(make_suite());       \
		srunner_run_all(sr, CK_NORMAL);                   \
		int failed = srunner_ntests_failed(sr);           \
		srunner_free(sr);                                 \
		return failed ? 1 : 0;                            \
	}

#endif
