/* The C half of the greeting package: upper-cases a greeting and says which compiler built it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <ctype.h>
#include <string.h>

static PyObject *shout(PyObject *self, PyObject *args) {
    const char *text;
    Py_ssize_t length;
    if (!PyArg_ParseTuple(args, "s#", &text, &length)) {
        return NULL;
    }
    char *loud = PyMem_Malloc(length + 2);
    if (loud == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        loud[i] = (char) toupper((unsigned char) text[i]);
    }
    loud[length] = '!';
    loud[length + 1] = '\0';
    PyObject *result = PyUnicode_FromStringAndSize(loud, length + 1);
    PyMem_Free(loud);
    return result;
}

static PyObject *compiler(PyObject *self, PyObject *unused) {
#if defined(__GNUC__) && !defined(__clang__)
    return PyUnicode_FromFormat("gcc %s", __VERSION__);
#else
    return PyUnicode_FromString("an unknown compiler");
#endif
}

static PyMethodDef methods[] = {
    {"shout", shout, METH_VARARGS, "Upper-case a greeting and add an exclamation mark."},
    {"compiler", compiler, METH_NOARGS, "The compiler that built this extension."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) {
    return PyModule_Create(&module);
}
