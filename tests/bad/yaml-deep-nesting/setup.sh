python3 -c "print('deals: ' + '[' * 100000)" > deals.yaml
