python3 -c "print('2026-11-03 call acme-renewal ' + 'x' * (1 << 20))" >> sales.ledger
