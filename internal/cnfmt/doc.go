// Package cnfmt formats the numbers, money, dates and personal data that
// appear in Chinese complaint documents: 人民币大写 for settlement
// agreements, 年月日 dates, 一式三份 counts, and masked phone and ID numbers
// for copies that go to a regulator or merchant.
//
// Money is an [Amount] in integer 分 from end to end; text is read with
// [ParseAmount] and no float is ever involved. Functions that read text
// report problems as [*InputError], whose message says what was expected.
package cnfmt
