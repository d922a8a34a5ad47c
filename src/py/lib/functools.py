"""Higher-order functions and operations on callables: the functools
module of CPython 3.11.

The hot parts come from the C module _functools (src/py/mod_functools.c):
reduce, partial, cmp_to_key and the caching wrapper behind lru_cache and
cache.  This file adds the rest: update_wrapper and wraps, total_ordering,
lru_cache/cache (with the CacheInfo named tuple), cached_property,
partialmethod, singledispatch and singledispatchmethod.
"""

__all__ = ['update_wrapper', 'wraps', 'WRAPPER_ASSIGNMENTS',
           'WRAPPER_UPDATES', 'total_ordering', 'cache', 'cmp_to_key',
           'lru_cache', 'reduce', 'partial', 'partialmethod',
           'singledispatch', 'singledispatchmethod', 'cached_property']

from _functools import reduce, partial, cmp_to_key, _lru_cache_wrapper
from collections import namedtuple
try:
    from _collections import _generic_alias
except ImportError:
    def _generic_alias(cls, item):
        return type(list[int])(cls, item)


# ---------------------------------------------------------------------------
# update_wrapper and wraps
# ---------------------------------------------------------------------------

WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__',
                       '__annotations__')
WRAPPER_UPDATES = ('__dict__',)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS,
                   updated=WRAPPER_UPDATES):
    """Make wrapper look like wrapped: copy the attributes named in
    `assigned`, merge the dicts named in `updated`, and set __wrapped__."""
    for name in assigned:
        try:
            value = getattr(wrapped, name)
        except AttributeError:
            continue
        setattr(wrapper, name, value)
    for name in updated:
        getattr(wrapper, name).update(getattr(wrapped, name, {}))
    # Set last, so that a __wrapped__ copied from wrapped's __dict__ is
    # replaced by wrapped itself.
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """A decorator that applies update_wrapper(wrapper, wrapped, ...) to
    the function it decorates."""
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned,
                   updated=updated)


# ---------------------------------------------------------------------------
# total_ordering
# ---------------------------------------------------------------------------

# Each derived comparison calls the defined one through the type (not the
# operator), so a NotImplemented answer is passed on rather than
# reflected.  For a root `r`, the table says how each other comparison
# follows from r(a, b) and, where needed, a == b.

def _derived(root, negate, with_eq):
    """The comparison computed from root: not root(a, b) when negate, and
    then `and a != b` / `or a == b` when with_eq is 'ne' / 'eq'."""
    def compare(self, other):
        result = getattr(type(self), root)(self, other)
        if result is NotImplemented:
            return result
        if negate:
            result = not result
        if with_eq == 'ne':
            return result and self != other
        if with_eq == 'eq':
            return result or self == other
        return result
    return compare


_ORDERINGS = {
    '__lt__': (('__gt__', True, 'ne'), ('__le__', False, 'eq'),
               ('__ge__', True, None)),
    '__le__': (('__ge__', True, 'eq'), ('__lt__', False, 'ne'),
               ('__gt__', True, None)),
    '__gt__': (('__lt__', True, 'ne'), ('__ge__', False, 'eq'),
               ('__le__', True, None)),
    '__ge__': (('__le__', True, 'eq'), ('__gt__', False, 'ne'),
               ('__lt__', True, None)),
}


def total_ordering(cls):
    """Class decorator that fills in missing ordering methods"""
    defined = {name for name in _ORDERINGS
               if getattr(cls, name, None) is not getattr(object, name, None)}
    if not defined:
        raise ValueError('must define at least one ordering operation: '
                         '< > <= >=')
    # __lt__ is preferred to __le__, then __gt__, then __ge__.
    root = max(defined)
    for name, negate, with_eq in _ORDERINGS[root]:
        if name not in defined:
            method = _derived(root, negate, with_eq)
            method.__name__ = name
            setattr(cls, name, method)
    return cls


# ---------------------------------------------------------------------------
# lru_cache and cache
# ---------------------------------------------------------------------------

_CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize",
                                      "currsize"])


def _cached(user_function, maxsize, typed):
    wrapper = _lru_cache_wrapper(user_function, maxsize, typed, _CacheInfo)
    wrapper.cache_parameters = lambda: {'maxsize': maxsize, 'typed': typed}
    return update_wrapper(wrapper, user_function)


def lru_cache(maxsize=128, typed=False):
    """Least-recently-used cache decorator.

    maxsize None lets the cache grow without bound; typed caches
    arguments of different types separately (f(3) and f(3.0)).  The
    wrapper has cache_info(), cache_clear() and __wrapped__.
    """
    if isinstance(maxsize, int):
        if maxsize < 0:
            maxsize = 0
    elif callable(maxsize) and isinstance(typed, bool):
        # Used as @lru_cache without parentheses.
        return _cached(maxsize, 128, typed)
    elif maxsize is not None:
        raise TypeError(
            'Expected first argument to be an integer, a callable, or None')

    def decorating_function(user_function):
        return _cached(user_function, maxsize, typed)

    return decorating_function


def cache(user_function, /):
    'Simple lightweight unbounded cache.  Sometimes called "memoize".'
    return lru_cache(maxsize=None)(user_function)


# ---------------------------------------------------------------------------
# cached_property
# ---------------------------------------------------------------------------

_NOT_FOUND = object()


class cached_property:
    """A property computed once per instance and then kept in the
    instance's __dict__ (where it can be deleted to recompute it)."""

    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = func.__doc__

    __class_getitem__ = classmethod(_generic_alias)

    def __set_name__(self, owner, name):
        if self.attrname is None:
            self.attrname = name
        elif name != self.attrname:
            raise TypeError(
                "Cannot assign the same cached_property to two different "
                f"names ({self.attrname!r} and {name!r}).")

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.attrname is None:
            raise TypeError("Cannot use cached_property instance without "
                            "calling __set_name__ on it.")
        try:
            store = instance.__dict__
        except AttributeError:
            raise TypeError(
                f"No '__dict__' attribute on {type(instance).__name__!r} "
                f"instance to cache {self.attrname!r} property.") from None
        value = store.get(self.attrname, _NOT_FOUND)
        if value is _NOT_FOUND:
            value = self.func(instance)
            try:
                store[self.attrname] = value
            except TypeError:
                raise TypeError(
                    f"The '__dict__' attribute on "
                    f"{type(instance).__name__!r} instance does not support "
                    f"item assignment for caching {self.attrname!r} "
                    f"property.") from None
        return value


# ---------------------------------------------------------------------------
# partialmethod
# ---------------------------------------------------------------------------

class partialmethod(object):
    """Like partial, but as a method descriptor: the instance is passed
    first, before the stored arguments."""

    def __init__(self, func, /, *args, **keywords):
        if not callable(func) and not hasattr(func, "__get__"):
            raise TypeError("{!r} is not callable or a descriptor"
                            .format(func))
        if isinstance(func, partialmethod):
            self.func = func.func
            self.args = func.args + args
            self.keywords = {**func.keywords, **keywords}
        else:
            self.func = func
            self.args = args
            self.keywords = keywords

    def __repr__(self):
        args = ", ".join(map(repr, self.args))
        keywords = ", ".join("{}={!r}".format(k, v)
                             for k, v in self.keywords.items())
        parts = [repr(self.func)]
        if args:
            parts.append(args)
        if keywords:
            parts.append(keywords)
        return "{}.{}({})".format(self.__class__.__module__,
                                  self.__class__.__qualname__,
                                  ", ".join(parts))

    def __get__(self, obj, cls=None):
        get = getattr(self.func, "__get__", None)
        if isinstance(self.func, partial) or get is None:
            # A plain callable: bind the instance as the first argument.
            func, args, keywords = self.func, self.args, self.keywords

            def method(cls_or_self, /, *more, **kw):
                return func(cls_or_self, *args, *more, **{**keywords, **kw})
            method.__isabstractmethod__ = self.__isabstractmethod__
            method._partialmethod = self
            if obj is None:
                return method
            return method.__get__(obj, cls)
        bound = get(obj, cls)
        if bound is self.func:
            return partial(bound, *self.args, **self.keywords)
        result = partial(bound, *self.args, **self.keywords)
        try:
            result.__self__ = bound.__self__
        except AttributeError:
            pass
        return result

    @property
    def __isabstractmethod__(self):
        return getattr(self.func, "__isabstractmethod__", False)


# ---------------------------------------------------------------------------
# singledispatch
# ---------------------------------------------------------------------------

def _dispatch_type_of(func):
    """The type a function registers for, from its first annotation."""
    annotations = getattr(func, '__annotations__', {})
    if not annotations:
        raise TypeError(
            f"Invalid first argument to `register()`: {func!r}. "
            f"Use either `@register(some_class)` or plain `@register` "
            f"on an annotated function.")
    for name, cls in annotations.items():
        if name == 'return':
            continue
        if not isinstance(cls, type):
            raise TypeError(
                f"Invalid annotation for {name!r}. {cls!r} is not a class.")
        return cls
    raise TypeError(f"Invalid first argument to `register()`: {func!r}.")


def singledispatch(func):
    """Single-dispatch generic function decorator: the implementation
    registered for the nearest class on type(first argument).__mro__ is
    called."""
    registry = {object: func}
    cache_token = [None]
    dispatch_cache = {}

    def dispatch(cls):
        try:
            return dispatch_cache[cls]
        except KeyError:
            pass
        impl = None
        for base in getattr(cls, '__mro__', (cls, object)):
            if base in registry:
                impl = registry[base]
                break
        if impl is None:
            impl = registry[object]
        dispatch_cache[cls] = impl
        return impl

    def register(cls, func=None):
        if func is None:
            if isinstance(cls, type):
                return lambda f: register(cls, f)
            func = cls
            cls = _dispatch_type_of(func)
        elif not isinstance(cls, type):
            raise TypeError(
                f"Invalid first argument to `register()`. "
                f"{cls!r} is not a class.")
        registry[cls] = func
        dispatch_cache.clear()
        return func

    def wrapper(*args, **kw):
        if not args:
            raise TypeError(f'{funcname} requires at least '
                            '1 positional argument')
        return dispatch(args[0].__class__)(*args, **kw)

    funcname = getattr(func, '__name__', 'singledispatch function')
    registry[object] = func
    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    wrapper._clear_cache = dispatch_cache.clear
    update_wrapper(wrapper, func)
    return wrapper


class singledispatchmethod:
    """Single-dispatch generic method descriptor: dispatches on the first
    argument after self."""

    def __init__(self, func):
        if not callable(func) and not hasattr(func, "__get__"):
            raise TypeError(f"{func!r} is not callable or a descriptor")
        self.dispatcher = singledispatch(func)
        self.func = func

    def register(self, cls, method=None):
        return self.dispatcher.register(cls, func=method)

    def __get__(self, obj, cls=None):
        def _method(*args, **kwargs):
            method = self.dispatcher.dispatch(args[0].__class__)
            return method.__get__(obj, cls)(*args, **kwargs)
        _method.__isabstractmethod__ = self.__isabstractmethod__
        _method.register = self.register
        update_wrapper(_method, self.func)
        return _method

    @property
    def __isabstractmethod__(self):
        return getattr(self.func, '__isabstractmethod__', False)
