"""String constants and capwords: the parts of CPython 3.11's string
module that need no regular expressions (Template and Formatter are not
here)."""

__all__ = ["ascii_letters", "ascii_lowercase", "ascii_uppercase",
           "capwords", "digits", "hexdigits", "octdigits", "printable",
           "punctuation", "whitespace"]

whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    """Split s by sep (whitespace runs by default), capitalize each word
    and join them with sep (a space by default)."""
    return (sep or ' ').join(map(str.capitalize, s.split(sep)))
