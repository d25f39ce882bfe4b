// What a till types for a customer who gave no contact, told from a real one: both sides, as the README's rule says.
import { describe, expect, it } from 'vitest';
import { placeholderEmail, placeholderPhone, shopsOwn, withoutPlaceholders } from '../../src/domain/placeholder-contact.js';
import { emailOrNull, phoneOrNull } from '../../src/vendors/common.js';

const OWN = shopsOwn({ emailFrom: 'winkel@fietsenmaker.nl', alertEmail: 'eigenaar@gmail.com' }, 'nextdeal@mijnserver.nl');

describe('placeholderEmail', () => {
  it.each([
    'geen@geen.nl', 'no@email.com', 'noemail@example.com', 'no.email@gmail.com', 'no-mail@hotmail.com', 'geen_mail@ziggo.nl', 'n.v.t@kpnmail.nl',
    'onbekend@live.nl', 'unknown@outlook.com', 'none@none.com', 'null@gmail.com', 'test@gmail.com', 'x@x.nl', 'xx@gmail.com', 'aaa@aaa.nl',
    'dummy@gmail.com', 'noreply@gmail.com', 'no.name@gmail.com', 'sanne@geen.nl', 'jan@nomail.com', 'sanne@kassa.test', 'sanne@shop.example',
    'sanne@foo.invalid', 'sanne@localhost',
  ])('%s is a placeholder', (email) => expect(placeholderEmail(email, OWN)).toBe('placeholder'));

  it.each([
    'winkel@fietsenmaker.nl', 'info@fietsenmaker.nl', 'kassa@fietsenmaker.nl', 'Verkoop@Fietsenmaker.nl', 'eigenaar@gmail.com', 'nextdeal@mijnserver.nl', 'info@mijnserver.nl',
  ])("%s is the shop's own", (email) => expect(placeholderEmail(email.toLowerCase(), OWN)).toBe('shop'));

  it.each([
    'sanne@example.com', 'mail@familiejansen.nl', 'info@bakkerij-jansen.nl', 'jan@fietsenmaker.nl', 'test.jansen@gmail.com', 'geenen@ziggo.nl',
    'noa@kpnmail.nl', 'nora@none-such.nl', 'xander@x.com', 'na.li@gmail.com', 'j@jansen.nl', 'nil@hotmail.com', 'sanne@testbank.nl', 'n.a@gmail.com', 'na@na-design.nl', 'j.jansen@test.de', 'jan@test.nl', 'jan@fake.nl', 'info@gmail.com', // the alert address's domain is a mail provider's, not the shop's
  ])('%s is a real address', (email) => expect(placeholderEmail(email, OWN)).toBeNull());
});

describe('placeholderPhone', () => {
  it.each(['+31611111111', '+31600000000', '+31699999999'])('%s is a placeholder', (n) => expect(placeholderPhone(n)).toBe(true));
  // What a Dutch till types for no number is a Dutch mobile's; a memorable number elsewhere, or a landline, is someone's own.
  it.each(['+31612345678', '+31613572468', '+31687654321', '+31612345679', '+31612121212', '+31623456789', '+31601234567', '+31201234567', '+31712345678',
    '+447777777777', '+447911111111', '+32477777777', '+4915112345678', '+493011111111', '+12123456789', '+352622222222', '+12125551234',
    '+447911123456', '+3214123456', '+4522222222', '+4723456789', '+3222222222', '+37066666666'])('%s is a real number', (n) => expect(placeholderPhone(n)).toBe(false));
});

describe('withoutPlaceholders', () => {
  it('leaves out the placeholder and the yes given with it, and keeps a no and the rest', () => {
    const customer = { name: 'Sanne', phone: '+31611111111', email: 'sanne@gmail.com', locale: null, posCustomerId: null, consent: { sms: true, email: false } };
    expect(withoutPlaceholders(customer, OWN)).toEqual({ customer: { ...customer, phone: null, consent: { email: false } }, left: [{ field: 'phone', why: 'placeholder' }] });
    const own = { ...customer, phone: '+31613572468', email: 'winkel@fietsenmaker.nl', consent: { sms: false, email: true } };
    expect(withoutPlaceholders(own, OWN)).toEqual({ customer: { ...own, email: null, consent: { sms: false } }, left: [{ field: 'email', why: 'shop' }] });
    const real = { ...customer, phone: '+31613572468' };
    expect(withoutPlaceholders(real, OWN)).toEqual({ customer: real, left: [] });
  });
});

// The vendors' contact fields: a placeholder is no contact, so the next one the vendor gives is taken (Shopify's
// order e-mail, then its customer's).
describe("a vendor's contact fields", () => {
  it('read a placeholder as none', () => {
    expect([emailOrNull('geen@geen.nl'), emailOrNull('Sanne@Gmail.com')]).toEqual([null, 'sanne@gmail.com']);
    expect([phoneOrNull('06 11111111', 'NL'), phoneOrNull('06-22222222', 'NL'), phoneOrNull('06 13572468', 'NL')]).toEqual([null, null, '+31613572468']);
  });
});
