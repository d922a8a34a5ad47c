"""abc
