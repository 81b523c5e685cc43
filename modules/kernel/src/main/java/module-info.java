/** Vigil's shared kernel: the vocabulary every module speaks (ids, errors, callers). */
module dev.vigil.kernel {
    requires transitive java.sql;
    requires static jakarta.interceptor;
    requires static jakarta.cdi;
    exports dev.vigil.kernel.api;
}
