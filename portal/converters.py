"""Path converters: ids in addresses are numbers the database can hold, so a longer one is a 404, not a 500."""

from django.urls import register_converter


class IdConverter:
    """A database id: one to eighteen digits (every value fits a 64-bit integer column)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
