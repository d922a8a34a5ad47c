(x) {t b}
