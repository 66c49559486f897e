from connecting_people.cli import main

main()
