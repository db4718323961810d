from cgtwatch.cli import main

main()
