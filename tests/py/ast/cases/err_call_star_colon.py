class B(object, *: pass
