"""collegekit: the records of a regional college of health professionals."""

__version__ = "0.1.0"
