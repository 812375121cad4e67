"""Developer tools that never ship: the benchmark (`manage.py bench`, `bench_queue`) and the
generated sample plan the benchmark and the tests fill.

A Django app beside the checkout's other apps, left out of the wheel (pyproject.toml) and
installed by the settings only when it can be imported and DEBUG, DEVTOOLS=1 or a pytest run
asks for it.
"""
