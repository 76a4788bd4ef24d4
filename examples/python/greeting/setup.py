from setuptools import Extension, setup

setup(
    packages=["greeting"],
    ext_modules=[Extension("greeting._speedups", ["greeting/_speedups.c"])],
)
