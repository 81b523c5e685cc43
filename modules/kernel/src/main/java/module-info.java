/** Vigil's shared kernel: the vocabulary every module speaks (ids, errors, callers). */
module dev.vigil.kernel {
    exports dev.vigil.kernel.api;
}
