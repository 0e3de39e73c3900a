from hauberk.cli import main

main()
