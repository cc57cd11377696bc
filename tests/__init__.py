"""The test suite. Importing it (pytest does, before any conftest) turns on cached bytecode for
the run and every process it starts: see tests/bytecode.py."""

from tests.bytecode import cache_bytecode

cache_bytecode()
