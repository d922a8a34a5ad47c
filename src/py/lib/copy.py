"""Shallow and deep copies: the copy module of CPython 3.11.

copy(x) and deepcopy(x, memo=None) with the protocol CPython follows:
immutable and atomic values are returned as they are; lists, dicts,
sets, tuples and bound methods are copied directly; anything else through
its __copy__ / __deepcopy__ method, or else through __reduce_ex__(4)
(whose (callable, args, state, listitems, dictitems) result is rebuilt
here, state through __setstate__ or the instance __dict__ and slots).
deepcopy keeps a memo by id() so shared and recursive structures are
copied once and keep their shape.

Where the interpreter's object.__reduce_ex__ gives only (cls.__new__,
(cls,), __dict__), this module adds what CPython's copyreg would have
given: the values of __slots__, and the items of list, dict and set
subclasses.
"""

__all__ = ["Error", "copy", "deepcopy"]


class Error(Exception):
    pass

error = Error


def _types():
    """The types whose values are never copied (atomic ones), those of
    them this interpreter has."""
    import builtins
    def f():
        pass
    found = [type(None), type(Ellipsis), type(NotImplemented), type,
             type(f), type(len), type(f.__code__)]
    for name in ("int", "float", "bool", "complex", "bytes", "str", "range",
                 "property"):
        t = getattr(builtins, name, None)
        if t is not None:
            found.append(t)
    return tuple(found)


_ATOMIC = _types()


def _weakref_type():
    try:
        import weakref
        return (weakref.ref,)
    except ImportError:
        return ()


_ATOMIC_EXTRA = _weakref_type()


def _is_atomic(cls):
    return cls in _ATOMIC or cls in _ATOMIC_EXTRA


# ---------------------------------------------------------------------------
# copy
# ---------------------------------------------------------------------------

def copy(x):
    """Return a shallow copy of x (see the module's docstring)."""
    cls = type(x)
    if _is_atomic(cls) or cls in (tuple, frozenset, slice):
        return x
    if cls is list:
        return x[:]
    if cls is dict:
        return x.copy()
    if cls is set:
        return x.copy()
    if cls is bytearray:
        return bytearray(x)
    if issubclass(cls, type):
        return x

    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)

    rv = _reduce(x, cls)
    if isinstance(rv, str):
        return x
    return _reconstruct(x, None, *rv)


# ---------------------------------------------------------------------------
# deepcopy
# ---------------------------------------------------------------------------

def deepcopy(x, memo=None, _nil=[]):
    """Return a deep copy of x (see the module's docstring)."""
    if memo is None:
        memo = {}

    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y

    cls = type(x)
    copier = _deep_dispatch.get(cls)
    if copier is not None:
        y = copier(x, memo)
    elif _is_atomic(cls) or issubclass(cls, type):
        y = x
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None:
            y = copier(memo)
        else:
            rv = _reduce(x, cls)
            if isinstance(rv, str):
                y = x
            else:
                y = _reconstruct(x, memo, *rv)

    # If x is its own copy, do not memoize it (CPython does the same).
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y


def _deepcopy_list(x, memo):
    y = []
    memo[id(x)] = y
    append = y.append
    for a in x:
        append(deepcopy(a, memo))
    return y


def _deepcopy_tuple(x, memo):
    y = [deepcopy(a, memo) for a in x]
    # A recursive tuple may have been copied while copying its items.
    try:
        return memo[id(x)]
    except KeyError:
        pass
    for k, j in zip(x, y):
        if k is not j:
            return tuple(y)
    return x


def _deepcopy_dict(x, memo):
    y = {}
    memo[id(x)] = y
    for key, value in x.items():
        y[deepcopy(key, memo)] = deepcopy(value, memo)
    return y


def _deepcopy_set(x, memo):
    return type(x)(deepcopy(list(x), memo))


def _deepcopy_method(x, memo):
    obj = deepcopy(x.__self__, memo)
    try:
        return type(x)(x.__func__, obj)
    except TypeError:
        # Where the method type cannot be called, bind through the
        # function's __get__, which makes the same bound method.
        return x.__func__.__get__(obj, type(obj))


def _deepcopy_bytearray(x, memo):
    return bytearray(x)


_deep_dispatch = {
    list: _deepcopy_list,
    tuple: _deepcopy_tuple,
    dict: _deepcopy_dict,
    set: _deepcopy_set,
    frozenset: _deepcopy_set,
    bytearray: _deepcopy_bytearray,
}


def _method_type():
    class C:
        def m(self):
            pass
    return type(C().m)


_deep_dispatch[_method_type()] = _deepcopy_method


def _keep_alive(x, memo):
    """Keep x alive as long as the memo: ids in it must stay unique."""
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]


# ---------------------------------------------------------------------------
# The reduce protocol
# ---------------------------------------------------------------------------

_OBJECT_REDUCE = getattr(object, "__reduce__", None)
_OBJECT_REDUCE_EX = getattr(object, "__reduce_ex__", None)
_OBJECT_GETSTATE = getattr(object, "__getstate__", None)


def _reduce(x, cls):
    """x.__reduce_ex__(4) (or __reduce__), completed where the default
    object reduction leaves out what copyreg would give."""
    reduce_ex = getattr(cls, "__reduce_ex__", None)
    reduce = getattr(cls, "__reduce__", None)
    if (reduce is not None and reduce is not _OBJECT_REDUCE
            and (reduce_ex is None or reduce_ex is _OBJECT_REDUCE_EX)):
        # What object.__reduce_ex__ does in CPython: a class's own
        # __reduce__ wins over the default reduction.
        rv = x.__reduce__()
    elif reduce_ex is not None:
        rv = x.__reduce_ex__(4)
    elif reduce is not None:
        rv = x.__reduce__()
    else:
        raise Error("un(deep)copyable object of type %s" % cls)
    if isinstance(rv, str):
        return rv
    if not isinstance(rv, tuple):
        raise Error("__reduce__ must return a tuple or a string")
    if _default_reduce(cls):
        rv = _complete(x, cls, rv)
    return rv


def _default_reduce(cls):
    """Does cls reduce with object's own methods?"""
    return (getattr(cls, "__reduce_ex__", None) is object.__reduce_ex__
            and getattr(cls, "__reduce__", None) is getattr(object, "__reduce__", None))


def _slot_names(cls):
    names = []
    for c in cls.__mro__:
        slots = c.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name in ("__dict__", "__weakref__"):
                continue
            if name.startswith("__") and not name.endswith("__"):
                stripped = c.__name__.lstrip("_")
                if stripped:
                    name = "_%s%s" % (stripped, name)
            names.append(name)
    return names


def _newobj(cls, *args):
    return cls.__new__(cls, *args)


def _newobj_ex(cls, args, kwargs):
    return cls.__new__(cls, *args, **kwargs)


def _complete(x, cls, rv):
    rv = list(rv) + [None] * (5 - len(rv))
    func, args, state, listiter, dictiter = rv[:5]
    # Objects whose __new__ needs arguments give them by __getnewargs__
    # (tuples and namedtuples do): copyreg's __newobj__ in CPython.
    if getattr(cls, "__getnewargs_ex__", None) is not None:
        nargs, nkwargs = x.__getnewargs_ex__()
        func, args = _newobj_ex, (cls, tuple(nargs), dict(nkwargs))
    elif getattr(cls, "__getnewargs__", None) is not None:
        func, args = _newobj, (cls,) + tuple(x.__getnewargs__())
    getstate = getattr(cls, "__getstate__", None)
    if getstate is not None and getstate is not _OBJECT_GETSTATE:
        # A class's own __getstate__ gives the state (3.11's rule).
        state = x.__getstate__()
        slots = ()
    else:
        slots = _slot_names(cls)
    if slots:
        slotstate = {}
        for name in slots:
            try:
                slotstate[name] = getattr(x, name)
            except AttributeError:
                pass
        if slotstate:
            if isinstance(state, tuple) and len(state) == 2:
                state = (state[0], dict(state[1] or {}, **slotstate))
            else:
                state = (state, slotstate)
    if listiter is None and isinstance(x, list):
        listiter = iter(x)
    if dictiter is None and isinstance(x, dict):
        dictiter = iter(x.items())
    if isinstance(x, (set, frozenset)) and func is not None:
        items = list(x)
        if isinstance(x, frozenset):
            func = cls
            args = (items,)
        else:
            listiter = None
            return (func, args, state, None, None, items)
    return (func, args, state, listiter, dictiter)


def _reconstruct(x, memo, func, args,
                 state=None, listiter=None, dictiter=None, setitems=None):
    deep = memo is not None
    if deep and args:
        args = deepcopy(args, memo)
    y = func(*args)
    if deep:
        memo[id(x)] = y

    if state is not None:
        if deep:
            state = deepcopy(state, memo)
        if hasattr(y, '__setstate__'):
            y.__setstate__(state)
        else:
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            else:
                slotstate = None
            if state is not None:
                y.__dict__.update(state)
            if slotstate is not None:
                for key, value in slotstate.items():
                    setattr(y, key, value)

    if listiter is not None:
        if deep:
            for item in listiter:
                y.append(deepcopy(item, memo))
        else:
            for item in listiter:
                y.append(item)
    if dictiter is not None:
        if deep:
            for key, value in dictiter:
                y[deepcopy(key, memo)] = deepcopy(value, memo)
        else:
            for key, value in dictiter:
                y[key] = value
    if setitems is not None:
        for item in setitems:
            y.add(deepcopy(item, memo) if deep else item)
    return y
