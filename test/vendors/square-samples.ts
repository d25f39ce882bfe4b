// Square samples shared by the vendor tests (square.test.ts, contract.test.ts).

/** A customer as Square's Customers API answers for one (its documented sample, with a Dutch number). */
export const amelia = {
  id: 'JDKYHBWT1D4F8MFH63DBMEN8Y4',
  created_at: '2016-03-23T20:21:54.859Z',
  given_name: 'Amelia',
  family_name: 'Earhart',
  email_address: 'Amelia.Earhart@Example.com',
  phone_number: '+31 6 13572468',
  preferences: { email_unsubscribed: false },
};

/**
 * Square's refund.created event (its documented sample) for the sample payment, with this refund status; or of
 * `amount` cents of its 100, or its refund.updated.
 */
export const squareRefund = (status: string, amount = 100, type = 'refund.created'): string =>
  JSON.stringify({
    merchant_id: '6SSW7HV8K2ST5',
    type,
    event_id: `refund-event-${status}-${amount}`,
    created_at: '2020-11-23T09:00:00.000Z',
    data: {
      type: 'refund',
      id: 'KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHl3jXwRAG1dV7Zq2Tyr1dOQ9yJZ9ubZwR8kSS',
      object: {
        refund: {
          id: 'KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHl3jXwRAG1dV7Zq2Tyr1dOQ9yJZ9ubZwR8kSS',
          amount_money: { amount, currency: 'USD' },
          created_at: '2020-11-23T09:00:00.000Z',
          location_id: 'S8GWD5R9QB376',
          order_id: '03O3USaPaAaFnI6kkwB1JxGgBsUZY',
          payment_id: 'hYy9pRFVxpDsO1FB05SunFWUe9JZY',
          status,
          updated_at: '2020-11-23T09:00:00.000Z',
        },
      },
    },
  });
