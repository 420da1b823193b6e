from palabre.cases.models import Case


def test_a_case_opened_by_the_factory_gets_a_yearly_reference(case):
    assert case.reference.startswith(f"{case.opened_on.year}-")
    assert Case.objects.count() == 1
