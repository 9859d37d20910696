from collegekit.cli import main

main()
