/*
 * panic_demo.c - `ktest=panic-demo`: a deliberate NULL dereference,
 * to show (and test) what a kernel oops looks like: the fault address,
 * the registers, the faulting function by name and the call trace.
 */
#include "kernel.h"
#include "kunit.h"

/* volatile: the compiler must not prove the pointer NULL and drop the load. */
static int *volatile demo_null_pointer;

static __noinline int panic_demo_deref_null(void)
{
	return *demo_null_pointer;
}

static __noinline void panic_demo(void)
{
	pr_info("panic-demo: dereferencing NULL from %pS\n",
		(void *)panic_demo_deref_null);
	pr_info("panic-demo: read %d\n", panic_demo_deref_null());
}
KTEST_DEMO("panic-demo", panic_demo);
