# lantern.py - gdb commands that show Lantern's tasks, as ps and bt would.
#
# build/gdbinit (made by `make debug`) sources this file; by hand:
#   (gdb) source tools/gdb/lantern.py
#
#   lt-ps          one line per task: PID NAME STATE NICE TICKS WCHAN;
#                  `*` marks the running task (current_task)
#   lt-bt PID      the call chain of a switched-out task, read from the
#                  context __switch_to saved on its stack (for the running
#                  task, use gdb's own `bt`)
#   lt-task PID    the whole struct task_struct of PID, and its wchan
#   $lt_task(PID)  convenience function: the task's struct task_struct *,
#                  e.g. `p $lt_task(2)->nvcsw`; $lt_current() is current
#
# How it reads the kernel (kernel/sched.c, kernel/fork.c, kernel/entry.S):
#   - init_task (pid 0, the idle task) heads the task list `tasks` but is
#     not on it; every other task is;
#   - a switched-out task's thread_sp points at what __switch_to pushed:
#     edi, esi, ebx, ebp, then the return address into schedule();
#   - from there the frame-pointer chain gives the callers: [ebp] is the
#     caller's ebp, [ebp+4] the return address; ebp 0 ends it (new
#     threads start in ret_from_kernel_thread with ebp 0);
#   - wchan, "where it sleeps", is the first return address outside
#     [__sched_text_start, __sched_text_end), as get_wchan() computes it.
# The walks never trust the target: the task list is cut at 1000 entries
# or at the first entry seen twice, frames must move up the stack, and a
# read that faults ends the walk with a note instead of an exception.
#
# Outside gdb, `python3 tools/gdb/lantern.py --self-test` checks the walks
# on made-up memory (tests/run-all runs it in the gdb layer).

import struct
import sys

try:
    import gdb
except ImportError:         # plain python3: only the self-test can run
    gdb = None

_Command = gdb.Command if gdb else object
_Function = gdb.Function if gdb else object

MAX_TASKS = 1000            # a longer task list is taken as corrupt
MAX_FRAMES = 32             # as MAX_TRACE_DEPTH in kernel/panic.c
WCHAN_DEPTH = 16            # as get_wchan() in kernel/sched.c

# task_struct.state: the letter and word of Linux's /proc/PID/status.
TASK_STATES = {
    0: ("R", "running"),
    1: ("S", "sleeping"),
    2: ("D", "disk sleep"),
    64: ("X", "dead"),
}

# Offsets in the context __switch_to leaves at thread_sp (kernel/entry.S).
SWITCH_EBP = 12
SWITCH_RET = 16


class MemoryReadError(Exception):
    """A read of target memory failed (unmapped, or no target)."""


def state_str(state):
    """'S (sleeping)' for 1; an unknown value shows in hex."""
    letter, word = TASK_STATES.get(state, ("?", "0x%x" % (state & 0xffffffff)))
    return "%s (%s)" % (letter, word)


class Frame:
    """One line of a backtrace: @pc, and whether it is exact (the
    interrupted instruction) or a return address (the call is just
    before it, so the source line is looked up at pc - 1)."""

    def __init__(self, pc, exact=False, note=None):
        self.pc = pc
        self.exact = exact
        self.note = note

    def __repr__(self):
        return "Frame(%#x%s%s)" % (self.pc, ", exact" if self.exact else "",
                                   ", %r" % self.note if self.note else "")


def walk_list(head, read_next, cap=MAX_TASKS):
    """The list_head addresses on the circular list at @head, head
    excluded, in order. read_next(addr) reads a list_head's next pointer.
    Returns (nodes, problem); problem is None for a well-formed list, else
    says why the walk stopped (a loop, a bad pointer, too many entries)."""
    nodes, seen, cur = [], {head}, None
    try:
        cur = read_next(head)
        while cur != head:
            if cur in seen:
                return nodes, ("loop: entry %#x comes again after %#x"
                               % (cur, nodes[-1] if nodes else head))
            if cur == 0 or cur % 4:
                return nodes, ("bad pointer %#x after %#x"
                               % (cur, nodes[-1] if nodes else head))
            if len(nodes) >= cap:
                return nodes, "more than %d entries; stopped there" % cap
            seen.add(cur)
            nodes.append(cur)
            cur = read_next(cur)
    except MemoryReadError:
        return nodes, "cannot read the list entry at %#x" % (
            cur if cur is not None else head)
    return nodes, None


def walk_frames(thread_sp, read_u32, stack=None, is_irq_return=None,
                max_frames=MAX_FRAMES, prologue_ret=None):
    """The frames of a switched-out task whose saved stack pointer is
    @thread_sp. read_u32(addr) reads a word. @stack is (lo, hi), the
    task's stack, when known: every frame pointer must lie in it.
    is_irq_return(pc) says whether @pc is where do_interrupt(regs) returns
    to in kernel/entry.S: the word above that return address is then the
    regs pointer common_interrupt pushed (also when do_interrupt tail-called
    preempt_schedule_irq), and the interrupted instruction, regs->eip,
    becomes a frame of its own. prologue_ret(eip, esp) gives the return
    address of a function interrupted before its frame existed (its first
    instruction, or just after `push %ebp`), which the ebp chain would
    skip; None otherwise. Returns (frames, problem)."""
    frames = []
    try:
        ebp = read_u32(thread_sp + SWITCH_EBP)
        frames.append(Frame(read_u32(thread_sp + SWITCH_RET)))
    except MemoryReadError:
        return frames, "cannot read the saved context at %#x" % thread_sp
    low = thread_sp + SWITCH_RET        # frames lie above the saved context
    while ebp:
        if len(frames) >= max_frames:
            return frames, "stopped after %d frames" % max_frames
        if ebp % 4 or ebp < low:
            return frames, ("stack corrupt: frame pointer %#x is below the "
                            "previous frame (%#x)" % (ebp, low))
        if stack and not (stack[0] <= ebp and ebp + 8 <= stack[1]):
            return frames, ("frame pointer %#x is not on the task's stack "
                            "[%#x, %#x)" % (ebp, stack[0], stack[1]))
        try:
            nxt, ret = read_u32(ebp), read_u32(ebp + 4)
        except MemoryReadError:
            return frames, "cannot read the frame at %#x" % ebp
        if not ret:
            break
        frames.append(Frame(ret))
        if is_irq_return is not None and is_irq_return(ret):
            try:
                regs = read_u32(ebp + 8)     # do_interrupt's argument
                eip = read_u32(regs + PT_REGS_EIP)
                vector = read_u32(regs + PT_REGS_VECTOR)
            except MemoryReadError:
                return frames, "cannot read the interrupt frame at %#x" % ebp
            frames.append(Frame(eip, exact=True,
                                note="interrupted (vector %d)" % vector))
            if prologue_ret is not None:
                try:
                    caller = prologue_ret(eip, regs + PT_REGS_SIZE)
                except MemoryReadError:
                    caller = None
                if caller:
                    frames.append(Frame(caller))
        low = ebp + 8
        ebp = nxt
    return frames, None


# struct pt_regs (include/asm/ptrace.h): ebx ecx edx esi edi ebp eax ds es
# fs gs vector error_code eip cs eflags, one word each.
PT_REGS_VECTOR = 11 * 4
PT_REGS_EIP = 13 * 4
# A ring-0 interrupt pushes no SS:ESP: the interrupted ESP is just past eflags.
PT_REGS_SIZE = 16 * 4


def wchan_pc(frames, sched_lo, sched_hi):
    """get_wchan(): the first pc outside [sched_lo, sched_hi), within the
    first WCHAN_DEPTH + 1 frames, or None."""
    for f in frames[:WCHAN_DEPTH + 1]:
        if not sched_lo <= f.pc < sched_hi:
            return f.pc
    return None


# ---------------------------------------------------------------- in gdb

def _u32(addr):
    try:
        mem = gdb.selected_inferior().read_memory(addr & 0xffffffff, 4)
    except (gdb.MemoryError, gdb.error) as e:
        raise MemoryReadError(str(e))
    return struct.unpack("<I", bytes(mem))[0]


def _addr(expr):
    """The value of @expr as an int, or None if gdb cannot evaluate it."""
    try:
        return int(gdb.parse_and_eval(expr)) & 0xffffffff
    except gdb.error:
        return None


def _task_type():
    try:
        return gdb.lookup_type("struct task_struct")
    except gdb.error:
        raise gdb.GdbError("no struct task_struct: load the kernel first "
                           "(file build/lantern.elf)")


def _field_offset(t, name):
    for f in t.fields():
        if f.name == name:
            return f.bitpos // 8
    raise gdb.GdbError("struct task_struct has no field %r" % name)


def _task(addr):
    return gdb.Value(addr).cast(_task_type().pointer()).dereference()


def init_task_addr():
    a = _addr("&init_task")
    if a is None:
        raise gdb.GdbError("no symbol init_task: load the kernel first "
                           "(file build/lantern.elf)")
    return a


def current_task_addr():
    """current_task is static in kernel/sched.c."""
    for expr in ("current_task", "'kernel/sched.c'::current_task"):
        a = _addr(expr)
        if a is not None:
            return a
    return None


def all_tasks():
    """The addresses of all tasks, init_task first, and the problem met
    while walking the task list (None if there was none)."""
    head = init_task_addr()
    off = _field_offset(_task_type(), "tasks")
    try:
        _u32(head + off)
    except MemoryReadError:
        raise gdb.GdbError("cannot read init_task at %#x: the kernel is not "
                           "mapped yet (try: break start_kernel, continue)"
                           % head)
    nodes, problem = walk_list(head + off, _u32)
    return [head] + [n - off for n in nodes], problem


def find_task(pid):
    tasks, _ = all_tasks()
    for a in tasks:
        try:
            if int(_task(a)["pid"]) == pid:
                return a
        except gdb.MemoryError:
            continue
    return None


def comm_of(t):
    try:
        raw = bytes(gdb.selected_inferior().read_memory(
            int(t["comm"].address), t["comm"].type.sizeof))
    except gdb.MemoryError:
        return "?"
    raw = raw.split(b"\0", 1)[0]
    return raw.decode("ascii", "replace") or "?"


def _sched_bounds():
    """[__sched_text_start, __sched_text_end); for a kernel without that
    section, schedule() alone."""
    lo = _addr("(unsigned long)&__sched_text_start")
    hi = _addr("(unsigned long)&__sched_text_end")
    if lo is not None and hi is not None:
        return lo, hi
    pc = _addr("(unsigned long)&schedule")
    fblock, _ = _outer_function_block(gdb.block_for_pc(pc) if pc else None)
    return (fblock.start, fblock.end) if fblock else (0, 0)


def task_frames(addr):
    """walk_frames() for the task at @addr."""
    t = _task(addr)
    sp = int(t["thread_sp"]) & 0xffffffff
    if not sp:
        return [], "no saved context (thread_sp is 0)"
    stack = int(t["stack"]) & 0xffffffff
    size = int(t["stack_size"])
    bounds = (stack, stack + size) if stack and size else None
    return walk_frames(sp, _u32, bounds, _is_irq_return,
                       prologue_ret=_prologue_ret)


def _prologue_ret(eip, esp):
    """The caller's return address when @eip is at a function's first
    instruction (the word at @esp) or just after its `push %ebp` (the next
    word). Trusted only if the instruction before it calls that function,
    as kernel/traps.c does for oopses."""
    fblock, _ = _outer_function_block(gdb.block_for_pc(eip))
    if not fblock:
        return None
    off = eip - fblock.start
    try:
        inferior = gdb.selected_inferior()
        if off == 0:
            slot = esp
        elif off == 1 and bytes(inferior.read_memory(fblock.start, 1))[0] == 0x55:
            slot = esp + 4
        else:
            return None
        ret = _u32(slot)
        code = bytes(inferior.read_memory(ret - 5, 5))
    except (gdb.MemoryError, gdb.error, MemoryReadError):
        return None
    if code[0] != 0xe8:
        return None
    target = (ret + struct.unpack("<i", code[1:])[0]) & 0xffffffff
    return ret if target == fblock.start else None


_irq_returns = {}


def _is_irq_return(pc):
    """Is @pc just after a `call do_interrupt` (e8 rel32)? That is where
    common_interrupt continues when the interrupt handler returns."""
    if pc not in _irq_returns:
        target = _addr("(unsigned long)&do_interrupt")
        try:
            code = bytes(gdb.selected_inferior().read_memory(pc - 5, 5))
        except (gdb.MemoryError, gdb.error):
            return False
        _irq_returns[pc] = (target is not None and code[0] == 0xe8 and
                            (pc + struct.unpack("<i", code[1:])[0])
                            & 0xffffffff == target)
    return _irq_returns[pc]


def task_wchan(addr, cur):
    """get_wchan() for the task at @addr: None if it runs, or unknown."""
    t = _task(addr)
    if addr == cur or int(t["state"]) == 0 or not int(t["thread_sp"]):
        return None
    frames, _ = task_frames(addr)
    lo, hi = _sched_bounds()
    return wchan_pc(frames, lo, hi)


def _outer_function_block(block):
    """The block of the real (not inlined) function around @block, and
    the names of the functions inlined into it at this pc, innermost
    first."""
    inlined = []
    while block is not None:
        if block.function is not None:
            sup = block.superblock
            if sup is None or sup.is_static or sup.is_global:
                return block, inlined
            inlined.append(block.function.print_name)
        block = block.superblock
    return None, inlined


def symbolize(pc, exact=True):
    """(name, offset, 'file:line' or None, [inlined functions]). A return
    address is looked up at pc - 1, the call instruction, as gdb's bt
    does: after a call to a noreturn function, pc may already be the next
    function's first byte. The one exception is a new task's first
    `return` address, ret_from_kernel_thread itself (kernel/fork.c)."""
    exact = exact or pc == _addr("(unsigned long)&ret_from_kernel_thread")
    look = pc if exact else pc - 1
    name, off = None, 0
    try:
        block = gdb.block_for_pc(look)
    except RuntimeError:
        block = None
    fblock, inlined = _outer_function_block(block)
    if fblock is not None:
        name, off = fblock.function.print_name, pc - fblock.start
    else:   # assembly: only the ELF symbol table knows it
        try:
            s = gdb.execute("info symbol %#x" % look, to_string=True)
        except gdb.error:
            s = ""
        words = s.split()
        if len(words) >= 3 and words[1] == "+" and words[2].isdigit():
            name, off = words[0], int(words[2]) + (pc - look)
        elif len(words) >= 2 and words[1] == "in":
            name, off = words[0], pc - look
    where = None
    sal = gdb.find_pc_line(look)
    if sal.symtab is not None and sal.line:
        where = "%s:%d" % (sal.symtab.filename, sal.line)
    return name, off, where, inlined


def format_pc(pc, exact=True):
    name, off, _, _ = symbolize(pc, exact)
    if name is None:
        return "%#010x" % pc
    return "%s+%#x" % (name, off)


def _parse_pid(arg, cmd):
    words = gdb.string_to_argv(arg)
    if len(words) != 1:
        raise gdb.GdbError("usage: %s PID" % cmd)
    try:
        return int(words[0], 0)
    except ValueError:
        try:
            return int(gdb.parse_and_eval(words[0]))
        except gdb.error:
            raise gdb.GdbError("%s: %r is not a pid" % (cmd, words[0]))


def _lookup_pid(pid, cmd):
    addr = find_task(pid)
    if addr is None:
        raise gdb.GdbError("%s: no task with pid %d (lt-ps lists them)"
                           % (cmd, pid))
    return addr


class LtPs(_Command):
    """List Lantern's tasks: PID NAME STATE NICE TICKS WCHAN.

Usage: lt-ps
`*` marks the running task (current_task). STATE is R (running),
S (sleeping), D (disk sleep) or X (dead). WCHAN, for a sleeping task,
is where it sleeps: the first caller outside the scheduler functions
(get_wchan() in kernel/sched.c); "-" for a task that runs or can run.
pid 0 (swapper) is the idle task; it heads the task list."""

    def __init__(self):
        super().__init__("lt-ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("usage: lt-ps (no arguments)")
        tasks, problem = all_tasks()
        cur = current_task_addr()
        out = ["  %5s  %-15s  %-14s %4s %8s  %s"
               % ("PID", "NAME", "STATE", "NICE", "TICKS", "WCHAN")]
        for a in tasks:
            t = _task(a)
            try:
                pid, state = int(t["pid"]), int(t["state"])
                nice, ticks = int(t["nice"]), int(t["ticks"])
            except gdb.MemoryError:
                out.append("  %5s  (cannot read the task at %#x)" % ("?", a))
                continue
            try:
                w = task_wchan(a, cur)
                wchan = format_pc(w, exact=False) if w is not None else "-"
            except gdb.MemoryError:
                wchan = "?"
            out.append("%s %5d  %-15s  %-14s %4d %8d  %s"
                       % ("*" if a == cur else " ", pid, comm_of(t),
                          state_str(state), nice, ticks, wchan))
        if problem:
            out.append("lt-ps: task list corrupt, listing stopped: %s"
                       % problem)
        if cur is not None and cur not in tasks:
            out.append("lt-ps: current_task %#x is not on the task list"
                       % cur)
        gdb.write("\n".join(out) + "\n")


class LtBt(_Command):
    """Backtrace of a switched-out Lantern task, from its saved context.

Usage: lt-bt PID
Follows the frame pointers from the context __switch_to saved at the
task's thread_sp: #0 is the return into schedule(), then its callers.
For the running task (lt-ps marks it `*`) use `bt`."""

    def __init__(self):
        super().__init__("lt-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        pid = _parse_pid(arg, "lt-bt")
        addr = _lookup_pid(pid, "lt-bt")
        t = _task(addr)
        name, state = comm_of(t), int(t["state"])
        if addr == current_task_addr():
            gdb.write("pid %d (%s) is the running task: use `bt`\n"
                      % (pid, name))
            return
        sp = int(t["thread_sp"]) & 0xffffffff
        if not sp:
            raise gdb.GdbError("lt-bt: pid %d (%s) has no saved context "
                               "(thread_sp is 0)" % (pid, name))
        how = " but not on the CPU" if state == 0 else ""
        gdb.write("pid %d (%s) %s%s; context saved at thread_sp %#x:\n"
                  % (pid, name, state_str(state), how, sp))
        frames, problem = task_frames(addr)
        for n, f in enumerate(frames):
            fname, off, where, inlined = symbolize(f.pc, f.exact)
            line = "#%-2d %#010x in %s" % (
                n, f.pc, "%s+%#x" % (fname, off) if fname else "??")
            if where:
                line += " (%s)" % where
            if inlined:
                line += " [inlined: %s]" % ", ".join(inlined)
            if f.note:
                line += "  <- %s" % f.note
            gdb.write(line + "\n")
        if problem:
            gdb.write("lt-bt: %s\n" % problem)


class LtTask(_Command):
    """Print the struct task_struct of a Lantern task.

Usage: lt-task PID"""

    def __init__(self):
        super().__init__("lt-task", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        pid = _parse_pid(arg, "lt-task")
        addr = _lookup_pid(pid, "lt-task")
        cur = current_task_addr()
        t = _task(addr)
        gdb.write("(struct task_struct *) %#x%s\n"
                  % (addr, "  (running: current_task)" if addr == cur else ""))
        gdb.write(t.format_string(pretty_structs=True) + "\n")
        w = task_wchan(addr, cur)
        gdb.write("wchan: %s\n" % (format_pc(w, exact=False) if w else "-"))


class LtTaskFunction(_Function):
    """$lt_task(PID): the struct task_struct * of the task with that pid."""

    def __init__(self):
        super().__init__("lt_task")

    def invoke(self, pid):
        addr = _lookup_pid(int(pid), "$lt_task")
        return gdb.Value(addr).cast(_task_type().pointer())


class LtCurrentFunction(_Function):
    """$lt_current(): the running task's struct task_struct *."""

    def __init__(self):
        super().__init__("lt_current")

    def invoke(self):
        addr = current_task_addr()
        if addr is None:
            raise gdb.GdbError("no current_task: load the kernel first")
        return gdb.Value(addr).cast(_task_type().pointer())


# ------------------------------------------------------------ self-test

def self_test():
    """Check the walks on made-up memory; print a pass/FAIL line."""
    problems = []

    def check(what, got, want):
        if got != want:
            problems.append("%s: got %.200r, want %.200r" % (what, got, want))

    def reader(mem):
        def read(addr):
            if addr not in mem:
                raise MemoryReadError("unmapped %#x" % addr)
            return mem[addr]
        return read

    # Task lists: next pointers by address.
    check("good list", walk_list(0x100, reader(
        {0x100: 0x200, 0x200: 0x300, 0x300: 0x100})), ([0x200, 0x300], None))
    check("empty list", walk_list(0x100, reader({0x100: 0x100})), ([], None))
    nodes, p = walk_list(0x100, reader(
        {0x100: 0x200, 0x200: 0x300, 0x300: 0x200}))
    check("loop nodes", nodes, [0x200, 0x300])
    check("loop found", bool(p and p.startswith("loop")), True)
    nodes, p = walk_list(0x100, reader({0x100: 0x200, 0x200: 0x999}))
    check("unmapped nodes", nodes, [0x200])
    check("unmapped found", bool(p and "0x999" in p), True)
    nodes, p = walk_list(0x100, reader({0x100: 0x200, 0x200: 0}))
    check("null found", bool(p and p.startswith("bad pointer")), True)
    big = {0x10 + 16 * i: 0x10 + 16 * (i + 1) for i in range(5000)}
    nodes, p = walk_list(0x10, reader(big), cap=1000)
    check("cap nodes", len(nodes), 1000)
    check("cap found", bool(p and "1000" in p), True)

    # Saved contexts: thread_sp 0x1000; edi esi ebx ebp ret at +0..+16.
    sp = 0x1000
    mem = {sp + 12: 0x1020, sp + 16: 0xc0000110,     # ebp, ret into schedule
           0x1020: 0x1040, 0x1024: 0xc0000220,       # schedule's caller
           0x1040: 0, 0x1044: 0xc0000330}            # outermost frame
    frames, p = walk_frames(sp, reader(mem), (0x1000, 0x2000))
    check("chain", [f.pc for f in frames], [0xc0000110, 0xc0000220, 0xc0000330])
    check("chain problem", p, None)
    check("wchan", wchan_pc(frames, 0xc0000100, 0xc0000200), 0xc0000220)
    check("wchan in sched", wchan_pc(frames, 0xc0000000, 0xc0001000), None)
    # A new thread: ebp 0, ret = ret_from_kernel_thread.
    frames, p = walk_frames(sp, reader({sp + 12: 0, sp + 16: 0xc0000500}))
    check("new thread", ([f.pc for f in frames], p), ([0xc0000500], None))
    # A frame pointer that goes down the stack is corruption.
    bad = dict(mem)
    bad[0x1040] = 0x1010
    bad[0x1044] = 0xc0000330
    frames, p = walk_frames(sp, reader(bad), None)
    check("downward frames", len(frames), 3)
    check("downward found", bool(p and p.startswith("stack corrupt")), True)
    # A frame pointer off the task's stack.
    frames, p = walk_frames(sp, reader(mem), (0x1000, 0x1030))
    check("off-stack found", bool(p and "not on the task's stack" in p), True)
    # An unreadable frame.
    frames, p = walk_frames(sp, reader({sp + 12: 0x5000, sp + 16: 1}))
    check("unreadable", ([f.pc for f in frames], bool(p and "0x5000" in p)),
          ([1], True))
    # A self-loop is caught by the "must move up" rule, not by the cap.
    loop = {sp + 12: 0x1020, sp + 16: 1, 0x1020: 0x1020, 0x1024: 2}
    frames, p = walk_frames(sp, reader(loop))
    check("self loop", (len(frames), bool(p and "corrupt" in p)), (2, True))
    # Depth cap: a long but well-formed chain.
    deep = {sp + 12: 0x1100, sp + 16: 1}
    for i in range(100):
        deep[0x1100 + 16 * i] = 0x1100 + 16 * (i + 1)
        deep[0x1104 + 16 * i] = 0x100 + i
    frames, p = walk_frames(sp, reader(deep))
    check("depth cap", (len(frames), bool(p and "32" in p)), (MAX_FRAMES, True))
    # Preempted by an interrupt: do_interrupt's frame returns to
    # ret_from_interrupt, its argument is the pt_regs with the real eip.
    irq = {sp + 12: 0x1020, sp + 16: 0xc0000110,
           0x1020: 0x1040, 0x1024: 0xc0000900,       # -> common_interrupt
           0x1028: 0x1100,                           # regs
           0x1100 + PT_REGS_EIP: 0xc0000444, 0x1100 + PT_REGS_VECTOR: 32,
           0x1040: 0, 0x1044: 0xc0000555}
    frames, p = walk_frames(sp, reader(irq), None,
                            is_irq_return=lambda pc: pc == 0xc0000900)
    check("irq frames", [(f.pc, f.exact) for f in frames],
          [(0xc0000110, False), (0xc0000900, False), (0xc0000444, True),
           (0xc0000555, False)])
    check("irq note", [f.note for f in frames],
          [None, None, "interrupted (vector 32)", None])
    # Interrupted on a function's first instruction: no frame of its own
    # yet, so its caller comes from the interrupted stack, not the chain.
    frames, p = walk_frames(sp, reader(irq), None,
                            is_irq_return=lambda pc: pc == 0xc0000900,
                            prologue_ret=lambda eip, esp:
                            0xc0000777 if (eip, esp) == (0xc0000444,
                                                         0x1100 + PT_REGS_SIZE)
                            else None)
    check("prologue caller", [f.pc for f in frames],
          [0xc0000110, 0xc0000900, 0xc0000444, 0xc0000777, 0xc0000555])

    check("state R", state_str(0), "R (running)")
    check("state D", state_str(2), "D (disk sleep)")
    check("state X", state_str(64), "X (dead)")
    check("state odd", state_str(5), "? (0x5)")

    if problems:
        print("FAIL: gdb/helpers-self-test")
        for line in problems:
            print("    " + line)
        return 1
    print("pass: gdb/helpers-self-test")
    return 0


if gdb is not None:
    gdb.events.new_objfile.connect(lambda event: _irq_returns.clear())
    LtPs()
    LtBt()
    LtTask()
    LtTaskFunction()
    LtCurrentFunction()
elif __name__ == "__main__":
    if sys.argv[1:] != ["--self-test"]:
        sys.exit("usage: python3 %s --self-test   (in gdb: source %s)"
                 % (sys.argv[0], sys.argv[0]))
    sys.exit(self_test())
