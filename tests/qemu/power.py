#!/usr/bin/python3
"""power.py - poweroff and reboot on plain QEMU PCs, as on real ones.

    tests/qemu/power.py                 every test
    tests/qemu/power.py NAME...         only these (e.g. power/q35/poweroff)

Each test boots build/lantern.elf with ktest=poweroff-demo or
ktest=reboot-demo (tests/kernel/reboot_test.c) on `qemu-system-i386 -M pc`
or `-M q35` WITHOUT the isa-debug-exit device: only the kernel's own ACPI
and reset code can end QEMU. QEMU starts paused (-S) so the QMP client is
connected before the guest runs; its SHUTDOWN event says why QEMU ended.

  power/pc/poweroff    the disks' caches flushed, then ACPI S5 through
                       PM1a_CNT (PIIX4 PM): exit status 0, SHUTDOWN
                       reason guest-shutdown
  power/q35/poweroff   the same on ICH9's PM block
  power/pc/reboot      -no-reboot: a reset ends QEMU (status 0, reason
                       guest-reset); the FADT of -M pc has no reset
                       register, so the keyboard controller must do it
                       (no triple fault)
  power/q35/reboot     the FADT reset register (0xcf9) must do it alone:
                       no fallback to the keyboard controller
  power/pc-no-acpi/poweroff  -machine acpi=off: the kernel says it cannot
                       power off and halts; QEMU must still be running

Each log also gets the common checks (banner once, no panic, BUG: or
WARNING:). A poweroff that does not happen fails as soon as the kernel
prints its halt message, or at the time limit (--timeout, default 20 s),
naming the likely cause. Logs: build/tests/power-MACHINE-WHAT.log.
"""

import argparse
import os
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import qemu as q  # noqa: E402

HALTED = "you can turn the machine off now"
ACPI_LINE = "ACPI: RSDP at "
# The default RAM disks, flushed before the machine goes.
FLUSHED = "reboot: flushed the write caches of: ram0 sim0"
STILL_RUNNING = 1.0     # seconds QEMU must outlive the halt message

# name: (machine, demo, expectations)
TESTS = {
    "power/pc/poweroff": ("pc", "poweroff-demo", dict(
        reason="guest-shutdown",
        want=[FLUSHED, "reboot: Power down", "S5 = "])),
    "power/q35/poweroff": ("q35", "poweroff-demo", dict(
        reason="guest-shutdown",
        want=[FLUSHED, "reboot: Power down", "S5 = "])),
    "power/pc/reboot": ("pc", "reboot-demo", dict(
        reason="guest-reset",
        want=[FLUSHED, "reboot: Restarting system",
              "through the keyboard controller"],
        unwanted=["triple fault"])),
    "power/q35/reboot": ("q35", "reboot-demo", dict(
        reason="guest-reset",
        want=[FLUSHED, "reboot: Restarting system",
              "to the ACPI reset register"],
        unwanted=["keyboard controller", "triple fault"])),
    "power/pc-no-acpi/poweroff": ("pc,acpi=off", "poweroff-demo", dict(
        halt=True, want=["ACPI: no RSDP", "poweroff: no ACPI S5", HALTED])),
}


def qemu_args(machine, demo, qmp_path, kernel):
    """A plain PC: no isa-debug-exit, -no-reboot so a reset ends QEMU."""
    return [q.QEMU, "-M", machine, "-m", "128M", "-display", "none",
            "-no-reboot", "-monitor", "none", "-serial", "stdio", "-S",
            "-kernel", kernel, "-append", "ktest=" + demo] + \
        q.qmp_args(qmp_path)


def shutdown_reasons(qmp):
    """Read the rest of QMP's messages (they stay readable after QEMU has
    closed the socket) and return the reasons of its SHUTDOWN events."""
    while True:
        try:
            qmp.events.append(qmp._read())
        except q.QmpError:
            break
    return [e.get("data", {}).get("reason") for e in qmp.events
            if e.get("event") == "SHUTDOWN"]


def run(name, machine, demo, exp, kernel, timeout):
    halt = exp.get("halt", False)
    path = os.path.join(q.temp_dir("lantern-power-"), "qmp.sock")
    problems = []
    with q.Qemu(qemu_args(machine, demo, path, kernel), timeout=timeout) as vm:
        qmp = q.Qmp(path, vm, timeout=min(10.0, timeout))
        try:
            qmp.connect()
            qmp.execute("cont")
        except q.QmpError as e:
            problems.append("QMP: %s" % e)
        status = None
        if not problems:
            # Poll: QEMU exits, or the kernel gives up and says so.
            while status is None and vm.remaining() > 0:
                status = vm.wait_exit(0.2)
                if status is None and HALTED in vm.text():
                    break
        if halt and status is None:
            time.sleep(STILL_RUNNING)
            status = vm.wait_exit(0.01)
        vm.kill()       # closes QMP's socket: what it sent stays readable
        reasons = shutdown_reasons(qmp) if not problems else []
        qmp.close()
        text = vm.text()
        log = vm.save_log(name.replace("/", "-") + ".log")
        q.comment("%s: %s, log in %s" % (
            name, "still running" if status is None else
            "exit %d, SHUTDOWN %s" % (status, "/".join(map(str, reasons))),
            q.rel(log)))
        problems += judge(text, status, reasons, exp, demo)
        if problems:
            problems += ["QEMU stderr: " + line
                         for line in vm.stderr_text().strip().split("\n")
                         if line]
            problems += ["serial log, last lines:"] + q.indent(q.tail(text, 15))
    return q.report(name, not problems, problems)


def judge(text, status, reasons, exp, demo):
    problems = q.common_problems(text)
    for want in exp.get("want", []):
        if want not in text:
            problems.append("missing in the log: '%s'" % want)
    for bad in exp.get("unwanted", []):
        if bad in text:
            problems.append("in the log, and must not be: '%s'" % bad)
    if exp.get("halt"):
        if status is not None:
            problems.append("QEMU exited (%s, events %s), but with no ACPI "
                            "the kernel should halt and say so"
                            % (q.describe_exit(status), reasons))
        return problems
    if status is None:
        gave_up = " (the kernel gave up and halted, see below)" \
            if HALTED in text else ""
        if demo == "poweroff-demo":
            problems.append("QEMU still running: ACPI S5 did not turn the "
                            "machine off%s. Wrong SLP_TYPa decoded from "
                            "\\_S5_? Wrong PM1a_CNT port?" % gave_up)
        else:
            problems.append("QEMU still running: no reset method reset the "
                            "machine%s" % gave_up)
    elif status != 0:
        problems.append("QEMU ended with %s, expected 0"
                        % q.describe_exit(status))
    if status is not None and exp["reason"] not in reasons:
        problems.append("QMP SHUTDOWN reasons %s, expected '%s'"
                        % (reasons or "(none)", exp["reason"]))
    if ACPI_LINE not in text:
        problems.append("no boot line '%s...'" % ACPI_LINE)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="tests to run (default: all)")
    ap.add_argument("--kernel", default=q.KERNEL,
                    help="default %(default)s (env LANTERN_KERNEL)")
    ap.add_argument("--timeout", type=float,
                    default=min(20.0, q.DEFAULT_TIMEOUT),
                    help="seconds per boot (default %(default)s)")
    a = ap.parse_args()
    unknown = [n for n in a.names if n not in TESTS]
    if unknown:
        ap.error("unknown test %s (tests: %s)"
                 % (", ".join(unknown), ", ".join(TESTS)))
    problems = q.missing_inputs(a.kernel)
    if problems:
        q.report("power/boot", False, problems)
        return 1
    ok = True
    for name in a.names or TESTS:
        machine, demo, exp = TESTS[name]
        ok &= run(name, machine, demo, exp, a.kernel, a.timeout)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
