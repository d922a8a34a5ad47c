"""The Python half of the tracemalloc module.

The tracemalloc module is built in (src/py/mod_tracemalloc.c): its C
half adds start, stop, is_tracing, clear_traces, get_traceback_limit,
get_traced_memory, reset_peak, get_tracemalloc_memory and the raw
snapshot functions, then runs this file in the same module namespace
(importing tracemalloc never loads this file by itself).  This half adds
what CPython 3.11's Lib/tracemalloc.py shows programs: take_snapshot and
get_object_traceback, and the Snapshot, Statistic, StatisticDiff, Trace,
Traceback, Frame, Filter and DomainFilter classes, with CPython's sorting,
str and repr.  Grouping and filtering run in the library
(oh_snapshot_statistics, oh_snapshot_compare_to,
oh_snapshot_filter_traces), on the raw snapshot this half wraps.
"""

__all__ = ['BaseFilter', 'DomainFilter', 'Filter', 'Frame', 'Snapshot',
           'Statistic', 'StatisticDiff', 'Trace', 'Traceback',
           'clear_traces', 'get_object_traceback', 'get_traceback_limit',
           'get_traced_memory', 'get_tracemalloc_memory', 'is_tracing',
           'reset_peak', 'start', 'stop', 'take_snapshot']


def _format_size(size, sign):
    """A size in bytes as tracemalloc prints it: 3 significant digits
    below 100 of a unit, whole numbers up to 10 KiB of it."""
    for unit in ('B', 'KiB', 'MiB', 'GiB', 'TiB'):
        if abs(size) < 100 and unit != 'B':
            return ("%+.1f %s" if sign else "%.1f %s") % (size, unit)
        if abs(size) < 10 * 1024 or unit == 'TiB':
            return ("%+.0f %s" if sign else "%.0f %s") % (size, unit)
        size /= 1024


# ---------------------------------------------------------------------------
# Frames and tracebacks
# ---------------------------------------------------------------------------

class Frame:
    """One frame of a traceback: a file name and a line number."""

    __slots__ = ("_frame",)

    def __init__(self, frame):
        # frame is (filename, lineno)
        self._frame = frame

    @property
    def filename(self):
        return self._frame[0]

    @property
    def lineno(self):
        return self._frame[1]

    def __eq__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return self._frame == other._frame

    def __lt__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return self._frame < other._frame

    def __le__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return self._frame <= other._frame

    def __gt__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return self._frame > other._frame

    def __ge__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return self._frame >= other._frame

    def __hash__(self):
        return hash(self._frame)

    def __str__(self):
        return "%s:%s" % (self.filename, self.lineno)

    def __repr__(self):
        return "<Frame filename=%r lineno=%r>" % (self.filename,
                                                  self.lineno)


_source_lines = {}


def _getline(filename, lineno):
    """Line lineno of a file (without its newline), or ''."""
    lines = _source_lines.get(filename)
    if lines is None:
        try:
            with open(filename) as f:
                lines = f.read().split('\n')
        except Exception:
            lines = []
        _source_lines[filename] = lines
    if 1 <= lineno <= len(lines):
        return lines[lineno - 1]
    return ''


class Traceback:
    """The frames where a block was allocated, oldest first (CPython
    3.7's order); built from frames given innermost first."""

    __slots__ = ("_frames", "_total_nframe")

    def __init__(self, frames, total_nframe=None):
        self._frames = tuple(reversed(frames))
        self._total_nframe = total_nframe

    @property
    def total_nframe(self):
        return self._total_nframe

    def __len__(self):
        return len(self._frames)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(Frame(frame) for frame in self._frames[index])
        return Frame(self._frames[index])

    def __iter__(self):
        for frame in self._frames:
            yield Frame(frame)

    def __contains__(self, frame):
        return frame._frame in self._frames

    def __hash__(self):
        return hash(self._frames)

    def __eq__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return self._frames == other._frames

    def __lt__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return self._frames < other._frames

    def __le__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return self._frames <= other._frames

    def __gt__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return self._frames > other._frames

    def __ge__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return self._frames >= other._frames

    def __str__(self):
        return str(self[0])

    def __repr__(self):
        text = "<Traceback %r" % (tuple(self),)
        if self._total_nframe is None:
            return text + ">"
        return text + " total_nframe=%s>" % (self.total_nframe,)

    def format(self, limit=None, most_recent_first=False):
        """Lines like a Python traceback's: '  File "x.py", line 3' and
        the source line under it."""
        if limit is None:
            frames = list(self)
        elif limit > 0:
            frames = list(self[-limit:])
        else:
            frames = list(self[:limit])
        if most_recent_first:
            frames.reverse()
        lines = []
        for frame in frames:
            lines.append('  File "%s", line %s'
                         % (frame.filename, frame.lineno))
            line = _getline(frame.filename, frame.lineno).strip()
            if line:
                lines.append('    %s' % line)
        return lines


def get_object_traceback(obj):
    """The Traceback where obj was allocated, or None when it was not
    traced."""
    frames = _get_object_frames(obj)
    if frames is None:
        return None
    return Traceback(frames)


# ---------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------

class Statistic:
    """Size and count of the blocks allocated at one traceback."""

    __slots__ = ('traceback', 'size', 'count')

    def __init__(self, traceback, size, count):
        self.traceback = traceback
        self.size = size
        self.count = count

    def __hash__(self):
        return hash((self.traceback, self.size, self.count))

    def __eq__(self, other):
        if not isinstance(other, Statistic):
            return NotImplemented
        return (self.traceback == other.traceback
                and self.size == other.size
                and self.count == other.count)

    def __str__(self):
        text = "%s: size=%s, count=%i" % (
            self.traceback, _format_size(self.size, False), self.count)
        if self.count:
            text += ", average=%s" % _format_size(self.size / self.count,
                                                  False)
        return text

    def __repr__(self):
        return '<Statistic traceback=%r size=%i count=%i>' % (
            self.traceback, self.size, self.count)

    def _sort_key(self):
        return (self.size, self.count, self.traceback)


class StatisticDiff:
    """A Statistic and its change since an older snapshot."""

    __slots__ = ('traceback', 'size', 'size_diff', 'count', 'count_diff')

    def __init__(self, traceback, size, size_diff, count, count_diff):
        self.traceback = traceback
        self.size = size
        self.size_diff = size_diff
        self.count = count
        self.count_diff = count_diff

    def __hash__(self):
        return hash((self.traceback, self.size, self.size_diff,
                     self.count, self.count_diff))

    def __eq__(self, other):
        if not isinstance(other, StatisticDiff):
            return NotImplemented
        return (self.traceback == other.traceback
                and self.size == other.size
                and self.size_diff == other.size_diff
                and self.count == other.count
                and self.count_diff == other.count_diff)

    def __str__(self):
        text = "%s: size=%s (%s), count=%i (%+i)" % (
            self.traceback, _format_size(self.size, False),
            _format_size(self.size_diff, True), self.count, self.count_diff)
        if self.count:
            text += ", average=%s" % _format_size(self.size / self.count,
                                                  False)
        return text

    def __repr__(self):
        return '<StatisticDiff traceback=%r size=%i (%+i) count=%i (%+i)>' % (
            self.traceback, self.size, self.size_diff, self.count,
            self.count_diff)

    def _sort_key(self):
        return (abs(self.size_diff), self.size, abs(self.count_diff),
                self.count, self.traceback)


# ---------------------------------------------------------------------------
# Traces
# ---------------------------------------------------------------------------

class Trace:
    """One traced block: domain, size and traceback."""

    __slots__ = ("_trace",)

    def __init__(self, trace):
        # trace is (domain, size, frames, total_nframe)
        self._trace = trace

    @property
    def domain(self):
        return self._trace[0]

    @property
    def size(self):
        return self._trace[1]

    @property
    def traceback(self):
        return Traceback(*self._trace[2:])

    def __eq__(self, other):
        if not isinstance(other, Trace):
            return NotImplemented
        return self._trace == other._trace

    def __hash__(self):
        return hash(self._trace)

    def __str__(self):
        return "%s: %s" % (self.traceback, _format_size(self.size, False))

    def __repr__(self):
        return "<Trace domain=%s size=%s, traceback=%r>" % (
            self.domain, _format_size(self.size, False), self.traceback)


class _Traces:
    """The traces of a snapshot, as a sequence of Trace."""

    def __init__(self, traces):
        self._traces = traces

    def __len__(self):
        return len(self._traces)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(Trace(trace) for trace in self._traces[index])
        return Trace(self._traces[index])

    def __iter__(self):
        for trace in self._traces:
            yield Trace(trace)

    def __contains__(self, trace):
        return trace._trace in self._traces

    def __eq__(self, other):
        if not isinstance(other, _Traces):
            return NotImplemented
        return self._traces == other._traces

    def __repr__(self):
        return "<Traces len=%s>" % len(self)


# ---------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------

class BaseFilter:
    def __init__(self, inclusive):
        self.inclusive = inclusive


class Filter(BaseFilter):
    """Keep (inclusive) or drop the traces whose first frame (any frame,
    with all_frames) matches a file name pattern and line."""

    def __init__(self, inclusive, filename_pattern, lineno=None,
                 all_frames=False, domain=None):
        super().__init__(inclusive)
        self.inclusive = inclusive
        self._filename_pattern = filename_pattern
        self.lineno = lineno
        self.all_frames = all_frames
        self.domain = domain

    @property
    def filename_pattern(self):
        return self._filename_pattern


class DomainFilter(BaseFilter):
    """Keep (inclusive) or drop the traces of an address space."""

    def __init__(self, inclusive, domain):
        self.inclusive = inclusive
        self._domain = domain

    @property
    def domain(self):
        return self._domain


# Every trace here is in domain 0: a filter for another domain matches
# nothing, a DomainFilter for domain 0 everything.

def _matches_all(f):
    return isinstance(f, DomainFilter) and f.domain == 0


def _matches_none(f):
    if isinstance(f, DomainFilter):
        return f.domain != 0
    return f.domain is not None and f.domain != 0


# ---------------------------------------------------------------------------
# Snapshot
# ---------------------------------------------------------------------------

def _check_key(key_type, cumulative):
    if key_type not in ('traceback', 'filename', 'lineno'):
        raise ValueError("unknown key_type: %r" % (key_type,))
    if cumulative and key_type not in ('lineno', 'filename'):
        raise ValueError("cumulative mode cannot by used "
                         "with key type %r" % key_type)


def _group_traceback(key_type, frames):
    if key_type == 'filename':
        frames = tuple((filename, 0) for filename, lineno in frames)
    return Traceback(frames)


class Snapshot:
    """The traces of the blocks allocated when the snapshot was taken."""

    def __init__(self, raw, traceback_limit):
        self._raw = raw
        self.traceback_limit = traceback_limit
        self._traces = None

    @property
    def traces(self):
        if self._traces is None:
            self._traces = _Traces(self._raw.traces())
        return self._traces

    def dump(self, filename):
        """Write the snapshot into a file."""
        self._raw.dump(filename)

    @staticmethod
    def load(filename):
        """Load a snapshot from a file."""
        raw = _load_raw_snapshot(filename)
        return Snapshot(raw, raw.traceback_limit)

    def filter_traces(self, filters):
        """A new Snapshot with the traces that pass the filters."""
        filters = list(filters)
        for f in filters:
            if not isinstance(f, BaseFilter):
                raise TypeError("filters must be a list of filters, not %s"
                                % type(f).__name__)
        inclusive = [f for f in filters if f.inclusive]
        exclusive = [f for f in filters if not f.inclusive]
        if any(_matches_all(f) for f in exclusive):
            return Snapshot(self._raw.filter([(True, '', 0, False)]),
                            self.traceback_limit)
        if any(_matches_all(f) for f in inclusive):
            inclusive = []
        elif inclusive and all(_matches_none(f) for f in inclusive):
            return Snapshot(self._raw.filter([(True, '', 0, False)]),
                            self.traceback_limit)
        raw_filters = []
        for f in inclusive + exclusive:
            if isinstance(f, DomainFilter) or _matches_none(f):
                continue
            raw_filters.append((f.inclusive, f.filename_pattern,
                                f.lineno or 0, f.all_frames))
        return Snapshot(self._raw.filter(raw_filters), self.traceback_limit)

    def statistics(self, key_type, cumulative=False):
        """Statistics grouped by key_type ('filename', 'lineno' or
        'traceback'), the biggest first."""
        _check_key(key_type, cumulative)
        stats = [Statistic(_group_traceback(key_type, frames), size, count)
                 for size, count, frames
                 in self._raw.statistics(key_type, cumulative)]
        stats.sort(reverse=True, key=Statistic._sort_key)
        return stats

    def compare_to(self, old_snapshot, key_type, cumulative=False):
        """Differences from an older snapshot, grouped by key_type, the
        biggest change first."""
        _check_key(key_type, cumulative)
        diffs = [StatisticDiff(_group_traceback(key_type, frames), size,
                               size_diff, count, count_diff)
                 for size, size_diff, count, count_diff, frames
                 in self._raw.compare_to(old_snapshot._raw, key_type,
                                         cumulative)]
        diffs.sort(reverse=True, key=StatisticDiff._sort_key)
        return diffs


def take_snapshot():
    """A snapshot of the traces of the blocks allocated now."""
    if not is_tracing():
        raise RuntimeError("the tracemalloc module must be tracing memory "
                           "allocations to take a snapshot")
    return Snapshot(_take_raw_snapshot(), get_traceback_limit())
