"""Abstract base classes: the abc module of CPython 3.11.

ABCMeta, the metaclass whose classes collect their abstract methods
(those marked by abstractmethod, here or inherited and not overridden)
and refuse to be instantiated while any remain, and whose isinstance and
issubclass also answer for classes registered with register() and for
those the class's __subclasshook__ accepts, with positive and negative
caches as CPython keeps them (invalidated by any register()).  ABC is
the class to inherit from to get it.

Where the interpreter does not let a class's __abstractmethods__ be set
(CPython's type setter, which also marks the class abstract), the set is
kept in _abc_abstract and ABCMeta.__call__ raises CPython's TypeError.
"""

__all__ = ['ABC', 'ABCMeta', 'abstractmethod', 'abstractclassmethod',
           'abstractstaticmethod', 'abstractproperty', 'get_cache_token',
           'update_abstractmethods']

from weakref import WeakSet as _WeakSet


def abstractmethod(funcobj):
    """Mark a method abstract: a class of ABCMeta with it, not
    overridden, cannot be instantiated."""
    funcobj.__isabstractmethod__ = True
    return funcobj


class abstractclassmethod(classmethod):
    """An abstract classmethod (deprecated: use classmethod over
    abstractmethod)."""

    __isabstractmethod__ = True

    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)


class abstractstaticmethod(staticmethod):
    """An abstract staticmethod (deprecated: use staticmethod over
    abstractmethod)."""

    __isabstractmethod__ = True

    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)


class abstractproperty(property):
    """An abstract property (deprecated: use property over
    abstractmethod)."""

    __isabstractmethod__ = True


def _settable_abstractmethods():
    class Probe:
        pass
    try:
        Probe.__abstractmethods__ = frozenset()
    except (AttributeError, TypeError):
        return False
    return True


_NATIVE_ABSTRACT = _settable_abstractmethods()


def _is_abstract(value):
    return getattr(value, "__isabstractmethod__", False)


def _abstract_names(cls, namespace, bases):
    names = {name for name, value in namespace.items() if _is_abstract(value)}
    for base in bases:
        for name in _abstracts_of(base):
            if _is_abstract(getattr(cls, name, None)):
                names.add(name)
    return frozenset(names)


def _abstracts_of(cls):
    if _NATIVE_ABSTRACT:
        return getattr(cls, "__abstractmethods__", frozenset())
    return cls.__dict__.get("_abc_abstract", frozenset()) \
        if isinstance(cls, ABCMeta) else frozenset()


def _set_abstracts(cls, names):
    if _NATIVE_ABSTRACT:
        cls.__abstractmethods__ = names
    else:
        type.__setattr__(cls, "_abc_abstract", names)


class ABCMeta(type):
    """Metaclass for defining Abstract Base Classes (ABCs): see the
    module's docstring."""

    # Bumped by every register(): negative caches older than it are void.
    _abc_invalidation_counter = 0

    def __new__(mcls, name, bases, namespace, /, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        _set_abstracts(cls, _abstract_names(cls, namespace, bases))
        cls._abc_registry = _WeakSet()
        cls._abc_cache = _WeakSet()
        cls._abc_negative_cache = _WeakSet()
        cls._abc_negative_cache_version = ABCMeta._abc_invalidation_counter
        return cls

    if not _NATIVE_ABSTRACT:
        def __call__(cls, /, *args, **kwargs):
            missing = cls.__dict__.get("_abc_abstract")
            if missing:
                names = sorted(missing)
                raise TypeError(
                    "Can't instantiate abstract class %s with abstract "
                    "method%s %s" % (cls.__name__,
                                     "s" if len(names) > 1 else "",
                                     ", ".join(names)))
            return super().__call__(*args, **kwargs)

    def register(cls, subclass):
        """Register a virtual subclass of an ABC.  Returns the subclass,
        to allow usage as a class decorator."""
        if not isinstance(subclass, type):
            raise TypeError("Can only register classes")
        if issubclass(subclass, cls):
            return subclass
        if issubclass(cls, subclass):
            raise RuntimeError("Refusing to create an inheritance cycle")
        cls._abc_registry.add(subclass)
        ABCMeta._abc_invalidation_counter += 1
        return subclass

    def _dump_registry(cls, file=None):
        """Debug helper to print the ABC registry."""
        print(f"Class: {cls.__module__}.{cls.__qualname__}", file=file)
        print(f"Inv. counter: {get_cache_token()}", file=file)
        for name in sorted(cls.__dict__):
            if name.startswith("_abc_"):
                value = getattr(cls, name)
                if isinstance(value, _WeakSet):
                    value = set(value)
                print(f"{name}: {value!r}", file=file)

    def _abc_registry_clear(cls):
        """Clear the registry (for debugging or testing)."""
        cls._abc_registry.clear()

    def _abc_caches_clear(cls):
        """Clear the caches (for debugging or testing)."""
        cls._abc_cache.clear()
        cls._abc_negative_cache.clear()

    def __instancecheck__(cls, instance):
        """Override for isinstance(instance, cls)."""
        subclass = instance.__class__
        if subclass in cls._abc_cache:
            return True
        subtype = type(instance)
        if subtype is subclass:
            if (cls._abc_negative_cache_version
                    == ABCMeta._abc_invalidation_counter
                    and subclass in cls._abc_negative_cache):
                return False
            return cls.__subclasscheck__(subclass)
        return any(cls.__subclasscheck__(c) for c in (subclass, subtype))

    def __subclasscheck__(cls, subclass):
        """Override for issubclass(subclass, cls)."""
        if not isinstance(subclass, type):
            raise TypeError('issubclass() arg 1 must be a class')
        if subclass in cls._abc_cache:
            return True
        if (cls._abc_negative_cache_version
                < ABCMeta._abc_invalidation_counter):
            cls._abc_negative_cache = _WeakSet()
            cls._abc_negative_cache_version = \
                ABCMeta._abc_invalidation_counter
        elif subclass in cls._abc_negative_cache:
            return False
        answer = cls.__subclasshook__(subclass)
        if answer is not NotImplemented:
            if answer:
                cls._abc_cache.add(subclass)
            else:
                cls._abc_negative_cache.add(subclass)
            return answer
        if cls in getattr(subclass, '__mro__', ()):
            cls._abc_cache.add(subclass)
            return True
        for registered in cls._abc_registry:
            if issubclass(subclass, registered):
                cls._abc_cache.add(subclass)
                return True
        for derived in cls.__subclasses__():
            if issubclass(subclass, derived):
                cls._abc_cache.add(subclass)
                return True
        cls._abc_negative_cache.add(subclass)
        return False


def get_cache_token():
    """The current ABC cache token: it changes whenever register() is
    called on any ABC."""
    return ABCMeta._abc_invalidation_counter


def update_abstractmethods(cls):
    """Recompute an ABC's abstract methods (after methods were added to
    or removed from it).  Returns cls."""
    if not isinstance(cls, ABCMeta) and not hasattr(cls,
                                                    '__abstractmethods__'):
        return cls
    names = set()
    for base in cls.__bases__:
        for name in _abstracts_of(base):
            if _is_abstract(getattr(cls, name, None)):
                names.add(name)
    for name, value in cls.__dict__.items():
        if _is_abstract(value):
            names.add(name)
    _set_abstracts(cls, frozenset(names))
    return cls


class ABC(metaclass=ABCMeta):
    """Helper class that provides a standard way to create an ABC using
    inheritance."""
    __slots__ = ()
