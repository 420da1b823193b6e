from palabre.cases.tests.factories import MembershipFactory


def test_a_person_logs_in_and_lands_on_an_accessible_page(audited, transactional_db):
    membership = MembershipFactory(role="board")
    audited.login(membership.user.email)
    assert "/compte/connexion/" not in audited.page.url
