"""Richards: an operating-system task scheduler (after Martin Richards's
BCPL benchmark), written for objheap's suite.

Six tasks share one processor: an idle task that wakes the two device
tasks in a pseudo-random order, a worker that fills packets, two
handlers that pass the packets' bytes to two devices.  Each task is an
object with a priority and a state (waiting for a packet, held,
suspended); the scheduler runs the highest-priority runnable task.
Exercises method calls, attribute loads and stores on instances and
linked lists.

Usage: bm_richards.py [N]   N runs of the whole simulation
(default 300).
Prints the packets queued and tasks held over all runs.
"""
import sys

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1
DATA_SIZE = 4


class Packet:
    def __init__(self, link, dest, kind):
        self.link = link
        self.dest = dest
        self.kind = kind
        self.count = 0
        self.data = [0] * DATA_SIZE

    def append_to(self, queue):
        """Put this packet at the end of queue; return the new head."""
        self.link = None
        if queue is None:
            return self
        p = queue
        while p.link is not None:
            p = p.link
        p.link = self
        return queue


class Task:
    """One task control block.  A task is runnable when it is not held
    and either has a packet waiting or is not waiting for one."""

    def __init__(self, sched, ident, priority, queue, state):
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.waiting = state == "waiting"
        self.held = False
        self.suspended = state == "suspended"
        self.link = sched.tasks
        sched.tasks = self
        sched.table[ident] = self

    def runnable(self):
        return not self.held and not (self.waiting and self.queue is None)

    def step(self):
        packet = None
        if self.waiting and self.queue is not None:
            packet = self.queue
            self.queue = packet.link
            self.waiting = self.queue is not None
            self.suspended = False
        return self.run(packet)

    def add_packet(self, packet, current):
        """Deliver packet to this task; return the task to run next."""
        if self.queue is None:
            self.queue = packet
            packet.link = None
            self.suspended = False
            if self.priority > current.priority:
                return self
        else:
            self.queue = packet.append_to(self.queue)
        return current

    def wait(self):
        self.waiting = True
        return self

    def hold(self):
        self.sched.holds += 1
        self.held = True
        return self.link

    def release(self, ident):
        task = self.sched.table[ident]
        task.held = False
        if task.priority > self.priority:
            return task
        return self

    def send(self, packet):
        self.sched.queued += 1
        target = self.sched.table[packet.dest]
        packet.link = None
        packet.dest = self.ident
        return target.add_packet(packet, self)


class IdleTask(Task):
    def __init__(self, sched, ident, priority, count):
        Task.__init__(self, sched, ident, priority, None, "running")
        self.control = 1
        self.count = count

    def run(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.hold()
        if self.control & 1:
            self.control = (self.control >> 1) ^ 0xD008
            return self.release(DEVICE_B)
        self.control >>= 1
        return self.release(DEVICE_A)


class WorkerTask(Task):
    def __init__(self, sched, ident, priority, queue):
        Task.__init__(self, sched, ident, priority, queue, "waiting")
        self.target = HANDLER_A
        self.letter = 0

    def run(self, packet):
        if packet is None:
            return self.wait()
        self.target = HANDLER_B if self.target == HANDLER_A else HANDLER_A
        packet.dest = self.target
        packet.count = 0
        data = packet.data
        for i in range(DATA_SIZE):
            self.letter += 1
            if self.letter > 26:
                self.letter = 1
            data[i] = self.letter
        return self.send(packet)


class HandlerTask(Task):
    def __init__(self, sched, ident, priority, queue):
        Task.__init__(self, sched, ident, priority, queue, "waiting")
        self.work = None
        self.devices = None

    def run(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work = packet.append_to(self.work)
            else:
                self.devices = packet.append_to(self.devices)
        work = self.work
        if work is not None:
            if work.count < DATA_SIZE:
                dev = self.devices
                if dev is not None:
                    self.devices = dev.link
                    dev.count = work.data[work.count]
                    work.count += 1
                    return self.send(dev)
            else:
                self.work = work.link
                return self.send(work)
        return self.wait()


class DeviceTask(Task):
    def __init__(self, sched, ident, priority):
        Task.__init__(self, sched, ident, priority, None, "waiting")
        self.pending = None

    def run(self, packet):
        if packet is None:
            p = self.pending
            if p is None:
                return self.wait()
            self.pending = None
            return self.send(p)
        self.pending = packet
        return self.hold()


class Scheduler:
    def __init__(self):
        self.tasks = None
        self.table = [None] * 6
        self.queued = 0
        self.holds = 0

    def schedule(self):
        task = self.tasks
        while task is not None:
            if task.runnable():
                task = task.step()
            else:
                task = task.link


def simulate(idle_count):
    s = Scheduler()
    IdleTask(s, IDLE, 0, idle_count)
    q = Packet(None, WORKER, KIND_WORK)
    q = Packet(q, WORKER, KIND_WORK)
    WorkerTask(s, WORKER, 1000, q)
    for ident, device, prio in ((HANDLER_A, DEVICE_A, 2000),
                                (HANDLER_B, DEVICE_B, 3000)):
        q = None
        for _ in range(3):
            q = Packet(q, device, KIND_DEVICE)
        HandlerTask(s, ident, prio, q)
    DeviceTask(s, DEVICE_A, 4000)
    DeviceTask(s, DEVICE_B, 5000)
    s.schedule()
    return s.queued, s.holds


def main(n):
    queued = holds = 0
    for i in range(n):
        q, h = simulate(1000 + i % 7)
        queued += q
        holds += h
    print("richards", n, queued, holds)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
