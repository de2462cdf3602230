import pytest

# The family harness asserts on behalf of the tests that call it: rewrite its
# asserts as pytest does a test module's, so a failure shows both sides.
pytest.register_assert_rewrite(f"{__name__}.family_harness")
