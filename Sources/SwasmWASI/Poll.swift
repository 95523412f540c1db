import Glibc

/// poll_oneoff: clock subscriptions and fd readiness.
extension WASI {
    private struct Event {
        var userdata: UInt64
        var error: UInt16
        var type: UInt8
        var nbytes: UInt64 = 0
        var flags: UInt16 = 0
    }

    static func registerPoll(_ t: inout [String: WASIFunction], _ version: WASIVersion) {
        // preview0's clock subscription starts with a 64-bit identifier: its fields sit 8 bytes later.
        let size: UInt32 = version == .preview0 ? 56 : 48
        let clockField: UInt32 = version == .preview0 ? 8 : 0
        define(&t, "poll_oneoff", "iiii") { ctx, c in
            let m = c.memory
            let inPtr = c.i32(0), outPtr = c.i32(1), count = c.i32(2)
            guard count > 0 else { throw Errno.inval }
            _ = try m.pointer(inPtr, UInt64(count) * UInt64(size))
            _ = try m.pointer(outPtr, UInt64(count) * 32)
            _ = try m.pointer(c.i32(3), 4)

            var ready: [Event] = []
            var clocks: [(userdata: UInt64, deadline: UInt64, clock: clockid_t)] = []
            var polls: [(userdata: UInt64, type: UInt8, entry: FDEntry, fd: Int32)] = []
            for i in 0..<count {
                let s = inPtr + i * size
                let userdata = try m.load64(s)
                let tag = try m.load8(s + 8)
                switch tag {
                case 0:
                    let id = try m.load32(s + clockField + 16)
                    let timeout = try m.load64(s + clockField + 24)
                    let flags = try m.load16(s + clockField + 40)
                    do {
                        let clock = try hostClock(id)
                        // A CPU-time clock does not advance while the process sleeps waiting for it.
                        guard clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC else { throw Errno.inval }
                        let now = try now(clock)
                        let relative = now.addingReportingOverflow(timeout)
                        let deadline = flags & 1 != 0 ? timeout : relative.overflow ? UInt64.max : relative.partialValue
                        clocks.append((userdata, deadline, clock))
                    } catch let e as Errno {
                        ready.append(Event(userdata: userdata, error: e.rawValue, type: 0))
                    }
                case 1, 2:
                    let fd = try m.load32(s + 16)
                    guard let e = ctx.fds[fd] else {
                        ready.append(Event(userdata: userdata, error: Errno.badf.rawValue, type: tag))
                        continue
                    }
                    if e.rightsBase & Rights.pollFdReadwrite == 0 && e.filetype != FileType.directory {
                        ready.append(Event(userdata: userdata, error: Errno.notcapable.rawValue, type: tag))
                        continue
                    }
                    switch e.backing {
                    case .memory(let stream):
                        let n = tag == 1 ? UInt64(max(0, stream.bytes.count - stream.position)) : 0
                        ready.append(Event(userdata: userdata, error: 0, type: tag, nbytes: n))
                    case .host(let h, _):
                        if e.filetype == FileType.regularFile {
                            var n: UInt64 = 0
                            if tag == 1 {
                                var st = stat()
                                let pos = lseek(h, 0, SEEK_CUR)
                                if fstat(h, &st) == 0, pos >= 0, st.st_size > pos { n = UInt64(st.st_size - pos) }
                            }
                            ready.append(Event(userdata: userdata, error: 0, type: tag, nbytes: n))
                        } else if e.filetype == FileType.directory {
                            ready.append(Event(userdata: userdata, error: Errno.badf.rawValue, type: tag))
                        } else {
                            polls.append((userdata, tag, e, h))
                        }
                    }
                default:
                    throw Errno.inval
                }
            }

            // Wait for host fds (and clocks, if nothing is ready yet).
            var timeoutMs: Int32 = -1
            if !ready.isEmpty {
                timeoutMs = 0
            } else if let soonest = clocks.min(by: { $0.deadline < $1.deadline }) {
                let now = (try? now(soonest.clock)) ?? 0
                let wait = soonest.deadline > now ? soonest.deadline - now : 0
                timeoutMs = Int32(clamping: (wait + 999_999) / 1_000_000)
                if soonest.deadline == UInt64.max { timeoutMs = -1 }
            }
            if !polls.isEmpty {
                var pfds = polls.map { pollfd(fd: $0.fd, events: Int16($0.type == 1 ? POLLIN : POLLOUT), revents: 0) }
                while true {
                    let r = Glibc.poll(&pfds, nfds_t(pfds.count), timeoutMs)
                    if r < 0 && errno == EINTR { continue }
                    if r < 0 { throw Errno.fromHost() }
                    break
                }
                for (i, p) in polls.enumerated() where pfds[i].revents != 0 {
                    let rev = Int32(pfds[i].revents)
                    var ev = Event(userdata: p.userdata, error: 0, type: p.type)
                    if rev & Int32(POLLNVAL) != 0 { ev.error = Errno.badf.rawValue }
                    if rev & Int32(POLLHUP) != 0 { ev.flags = 1 }
                    if rev & Int32(POLLERR) != 0 && rev & Int32(POLLIN | POLLOUT) == 0 { ev.error = Errno.io.rawValue }
                    if p.type == 1 && ev.error == 0 {
                        var avail: Int32 = 0
                        if ioctl(p.fd, UInt(FIONREAD), &avail) == 0 { ev.nbytes = UInt64(max(0, avail)) }
                    }
                    ready.append(ev)
                }
            } else if ready.isEmpty, let soonest = clocks.min(by: { $0.deadline < $1.deadline }) {
                var ts = timespec(tv_sec: Int(soonest.deadline / 1_000_000_000), tv_nsec: Int(soonest.deadline % 1_000_000_000))
                while clock_nanosleep(soonest.clock, TIMER_ABSTIME, &ts, nil) == EINTR {}
            }
            if ready.isEmpty {
                for clk in clocks {
                    let now = (try? now(clk.clock)) ?? 0
                    if clk.deadline <= now { ready.append(Event(userdata: clk.userdata, error: 0, type: 0)) }
                }
            }
            for (i, ev) in ready.enumerated() {
                let p = try m.pointer(outPtr + UInt32(i) * 32, 32)
                p.initializeMemory(as: UInt8.self, repeating: 0, count: 32)
                p.storeBytes(of: ev.userdata, toByteOffset: 0, as: UInt64.self)
                p.storeBytes(of: ev.error, toByteOffset: 8, as: UInt16.self)
                p.storeBytes(of: ev.type, toByteOffset: 10, as: UInt8.self)
                p.storeBytes(of: ev.nbytes, toByteOffset: 16, as: UInt64.self)
                p.storeBytes(of: ev.flags, toByteOffset: 24, as: UInt16.self)
            }
            try m.store32(c.i32(3), UInt32(ready.count))
        }
    }
}
